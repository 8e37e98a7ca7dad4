using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MppSurvey.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class SuggestionThemeTermsPerMall : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "theme_terms",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    mall_id = table.Column<int>(type: "integer", nullable: false),
                    theme = table.Column<int>(type: "integer", nullable: false),
                    term = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    added_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_theme_terms", x => x.id);
                    table.CheckConstraint("ck_theme_terms_added_by", "btrim(added_by) <> ''");
                    table.CheckConstraint("ck_theme_terms_term", "btrim(term) = term AND char_length(term) BETWEEN 2 AND 60 AND term !~ '[[:cntrl:]]'");
                    table.CheckConstraint("ck_theme_terms_theme", "theme > 0 AND theme <= 32768 AND (theme & (theme - 1)) = 0");
                    table.ForeignKey(
                        name: "fk_theme_terms_malls_mall_id",
                        column: x => x.mall_id,
                        principalTable: "malls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_theme_terms_mall_id_theme_term",
                table: "theme_terms",
                columns: new[] { "mall_id", "theme", "term" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "theme_terms");
        }
    }
}
