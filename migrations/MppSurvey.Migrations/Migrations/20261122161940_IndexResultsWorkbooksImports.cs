using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MppSurvey.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class IndexResultsWorkbooksImports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "change_p_value",
                table: "index_results",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "province_code",
                table: "index_results",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "score_n",
                table: "index_results",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<double>(
                name: "score_sum",
                table: "index_results",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "score_sum_of_squares",
                table: "index_results",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.CreateTable(
                name: "job_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    parameters = table.Column<string>(type: "text", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false),
                    done = table.Column<long>(type: "bigint", nullable: false),
                    total = table.Column<long>(type: "bigint", nullable: false),
                    message = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "response_imports",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    mall_id = table.Column<int>(type: "integer", nullable: false),
                    period_code = table.Column<string>(type: "text", nullable: false),
                    service_id = table.Column<int>(type: "integer", nullable: true),
                    file_name = table.Column<string>(type: "text", nullable: false),
                    file_hash = table.Column<string>(type: "text", nullable: false),
                    rows = table.Column<int>(type: "integer", nullable: false),
                    imported_by = table.Column<string>(type: "text", nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_response_imports", x => x.id);
                    table.ForeignKey(
                        name: "fk_response_imports_malls_mall_id",
                        column: x => x.mall_id,
                        principalTable: "malls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "stored_workbooks",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    unit_key = table.Column<string>(type: "text", nullable: false),
                    period_code = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    generated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stored_workbooks", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_index_results_unit_kind_unit_key_period_code",
                table: "index_results",
                columns: new[] { "unit_kind", "unit_key", "period_code" });

            migrationBuilder.CreateIndex(
                name: "ix_job_runs_kind_started_at",
                table: "job_runs",
                columns: new[] { "kind", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_response_imports_mall_id_period_code_file_hash",
                table: "response_imports",
                columns: new[] { "mall_id", "period_code", "file_hash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_stored_workbooks_kind_unit_key_period_code",
                table: "stored_workbooks",
                columns: new[] { "kind", "unit_key", "period_code" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "job_runs");

            migrationBuilder.DropTable(
                name: "response_imports");

            migrationBuilder.DropTable(
                name: "stored_workbooks");

            migrationBuilder.DropIndex(
                name: "ix_index_results_unit_kind_unit_key_period_code",
                table: "index_results");

            migrationBuilder.DropColumn(
                name: "change_p_value",
                table: "index_results");

            migrationBuilder.DropColumn(
                name: "province_code",
                table: "index_results");

            migrationBuilder.DropColumn(
                name: "score_n",
                table: "index_results");

            migrationBuilder.DropColumn(
                name: "score_sum",
                table: "index_results");

            migrationBuilder.DropColumn(
                name: "score_sum_of_squares",
                table: "index_results");
        }
    }
}
