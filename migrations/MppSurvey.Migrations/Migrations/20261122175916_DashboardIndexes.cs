using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MppSurvey.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class DashboardIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_responses_mall_id_period_code",
                table: "responses");

            migrationBuilder.CreateIndex(
                name: "ix_responses_latest_suggestions",
                table: "responses",
                columns: new[] { "mall_id", "period_code", "submitted_at_local" },
                filter: "suggestion IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_responses_mall_id_period_code",
                table: "responses",
                columns: new[] { "mall_id", "period_code" })
                .Annotation("Npgsql:IndexInclude", new[] { "template_version_id", "flags", "gender", "age", "education", "occupation" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_responses_latest_suggestions",
                table: "responses");

            migrationBuilder.DropIndex(
                name: "ix_responses_mall_id_period_code",
                table: "responses");

            migrationBuilder.CreateIndex(
                name: "ix_responses_mall_id_period_code",
                table: "responses",
                columns: new[] { "mall_id", "period_code" });
        }
    }
}
