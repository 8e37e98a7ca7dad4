using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MppSurvey.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class KioskServiceModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<short>(
                name: "service_model",
                table: "kiosks",
                type: "smallint",
                nullable: false,
                defaultValue: (short)1);

            migrationBuilder.AddCheckConstraint(
                name: "ck_kiosks_service_model",
                table: "kiosks",
                sql: "service_model BETWEEN 1 AND 3");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_kiosks_service_model",
                table: "kiosks");

            migrationBuilder.DropColumn(
                name: "service_model",
                table: "kiosks");
        }
    }
}
