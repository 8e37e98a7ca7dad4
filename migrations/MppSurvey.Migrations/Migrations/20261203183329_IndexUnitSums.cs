using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MppSurvey.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class IndexUnitSums : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "index_unit_sums",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    period_code = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    template_version_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    mall_id = table.Column<int>(type: "integer", nullable: false),
                    service_model = table.Column<int>(type: "integer", nullable: true),
                    channel = table.Column<int>(type: "integer", nullable: true),
                    province_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    regency_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    respondents = table.Column<long>(type: "bigint", nullable: false),
                    answered = table.Column<long[]>(type: "bigint[]", nullable: false),
                    sums = table.Column<long[]>(type: "bigint[]", nullable: false),
                    score_n = table.Column<long>(type: "bigint", nullable: false),
                    mean_answer_sum = table.Column<double>(type: "double precision", nullable: false),
                    mean_answer_sum_of_squares = table.Column<double>(type: "double precision", nullable: false),
                    square_sums = table.Column<long[]>(type: "bigint[]", nullable: false),
                    pair_sums = table.Column<long[]>(type: "bigint[]", nullable: false),
                    includes_flagged = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_index_unit_sums", x => x.id);
                    table.CheckConstraint("ck_index_unit_sums_counts", "respondents >= 0 AND score_n >= 0 AND score_n <= respondents");
                    table.CheckConstraint("ck_index_unit_sums_kind", "(kind = 3 AND service_model IS NULL AND channel IS NULL) OR (kind = 6 AND service_model IS NOT NULL AND channel IS NULL) OR (kind = 7 AND service_model IS NULL AND channel IS NOT NULL)");
                    table.CheckConstraint("ck_index_unit_sums_widths", "cardinality(sums) = cardinality(answered) AND cardinality(square_sums) = cardinality(answered) AND cardinality(pair_sums) = 2 * cardinality(answered) * greatest(cardinality(answered) - 1, 0)");
                    table.ForeignKey(
                        name: "fk_index_unit_sums_malls_mall_id",
                        column: x => x.mall_id,
                        principalTable: "malls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_index_unit_sums_periods_period_code",
                        column: x => x.period_code,
                        principalTable: "periods",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_index_unit_sums_survey_template_versions_template_version_id",
                        column: x => x.template_version_id,
                        principalTable: "survey_template_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_index_unit_sums_mall_id",
                table: "index_unit_sums",
                column: "mall_id");

            migrationBuilder.CreateIndex(
                name: "ix_index_unit_sums_period_code_mall_id_template_version_id_kin~",
                table: "index_unit_sums",
                columns: new[] { "period_code", "mall_id", "template_version_id", "kind", "service_model", "channel" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_index_unit_sums_template_version_id",
                table: "index_unit_sums",
                column: "template_version_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "index_unit_sums");
        }
    }
}
