using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MppSurvey.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class SuggestionThemesServiceModelAndIntegrityAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<short>(
                name: "service_model",
                table: "responses",
                type: "smallint",
                nullable: false,
                defaultValue: (short)1);

            migrationBuilder.AddColumn<int>(
                name: "themes",
                table: "responses",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "integrity_alerts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    mall_id = table.Column<int>(type: "integer", nullable: false),
                    response_id = table.Column<Guid>(type: "uuid", nullable: false),
                    period_code = table.Column<string>(type: "character varying(7)", nullable: false),
                    reason = table.Column<int>(type: "integer", nullable: false),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    masked_text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    notified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    acknowledged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    acknowledged_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    acknowledgement_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_integrity_alerts", x => x.id);
                    table.CheckConstraint("ck_integrity_alerts_acknowledged_whole", "(acknowledged_at IS NULL AND acknowledged_by IS NULL AND acknowledgement_note IS NULL) OR (acknowledged_at IS NOT NULL AND acknowledged_by IS NOT NULL AND btrim(acknowledgement_note) <> '')");
                    table.CheckConstraint("ck_integrity_alerts_reason", "reason IN (1, 2)");
                    table.ForeignKey(
                        name: "fk_integrity_alerts_malls_mall_id",
                        column: x => x.mall_id,
                        principalTable: "malls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_integrity_alerts_periods_period_code",
                        column: x => x.period_code,
                        principalTable: "periods",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_integrity_alerts_responses_response_id",
                        column: x => x.response_id,
                        principalTable: "responses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_responses_channel",
                table: "responses",
                sql: "channel BETWEEN 1 AND 5");

            migrationBuilder.AddCheckConstraint(
                name: "ck_responses_service_model",
                table: "responses",
                sql: "service_model BETWEEN 1 AND 4");

            migrationBuilder.AddCheckConstraint(
                name: "ck_responses_themes",
                table: "responses",
                sql: "themes >= 0 AND themes <= 65535");

            migrationBuilder.CreateIndex(
                name: "ix_integrity_alerts_mall_id_acknowledged_at_raised_at",
                table: "integrity_alerts",
                columns: new[] { "mall_id", "acknowledged_at", "raised_at" });

            migrationBuilder.CreateIndex(
                name: "ix_integrity_alerts_period_code",
                table: "integrity_alerts",
                column: "period_code");

            migrationBuilder.CreateIndex(
                name: "ix_integrity_alerts_response_id_reason",
                table: "integrity_alerts",
                columns: new[] { "response_id", "reason" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "integrity_alerts");

            migrationBuilder.DropCheckConstraint(
                name: "ck_responses_channel",
                table: "responses");

            migrationBuilder.DropCheckConstraint(
                name: "ck_responses_service_model",
                table: "responses");

            migrationBuilder.DropCheckConstraint(
                name: "ck_responses_themes",
                table: "responses");

            migrationBuilder.DropColumn(
                name: "service_model",
                table: "responses");

            migrationBuilder.DropColumn(
                name: "themes",
                table: "responses");
        }
    }
}
