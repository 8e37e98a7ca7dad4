using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MppSurvey.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class PeriodActions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Repair before the constraint: a survey published while still open (possible before the
            // period page checked it) is taken as closed when it was published, the moment its
            // figure became public.
            migrationBuilder.Sql("""
                UPDATE surveys SET closed_at = published_at
                WHERE published_at IS NOT NULL AND closed_at IS NULL;
                """);

            migrationBuilder.AddCheckConstraint(
                name: "ck_surveys_published_is_closed",
                table: "surveys",
                sql: "published_at IS NULL OR closed_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_surveys_published_is_closed",
                table: "surveys");
        }
    }
}
