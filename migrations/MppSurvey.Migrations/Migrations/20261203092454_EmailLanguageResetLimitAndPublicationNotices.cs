using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MppSurvey.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class EmailLanguageResetLimitAndPublicationNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "password_reset_mailed_at",
                table: "asp_net_users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "preferred_culture",
                table: "asp_net_users",
                type: "character varying(5)",
                maxLength: 5,
                nullable: false,
                defaultValue: "id");

            migrationBuilder.CreateTable(
                name: "publication_notices",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    mall_id = table.Column<int>(type: "integer", nullable: false),
                    period_code = table.Column<string>(type: "character varying(7)", nullable: false),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_publication_notices", x => x.id);
                    table.CheckConstraint("ck_publication_notices_sent_after_created", "sent_at IS NULL OR sent_at >= created_at");
                    table.ForeignKey(
                        name: "fk_publication_notices_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "asp_net_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_publication_notices_malls_mall_id",
                        column: x => x.mall_id,
                        principalTable: "malls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_publication_notices_periods_period_code",
                        column: x => x.period_code,
                        principalTable: "periods",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_asp_net_users_preferred_culture",
                table: "asp_net_users",
                sql: "preferred_culture IN ('id', 'en')");

            migrationBuilder.CreateIndex(
                name: "ix_publication_notices_mall_id_period_code_user_id",
                table: "publication_notices",
                columns: new[] { "mall_id", "period_code", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_publication_notices_period_code",
                table: "publication_notices",
                column: "period_code");

            migrationBuilder.CreateIndex(
                name: "ix_publication_notices_user_id",
                table: "publication_notices",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "publication_notices");

            migrationBuilder.DropCheckConstraint(
                name: "ck_asp_net_users_preferred_culture",
                table: "asp_net_users");

            migrationBuilder.DropColumn(
                name: "password_reset_mailed_at",
                table: "asp_net_users");

            migrationBuilder.DropColumn(
                name: "preferred_culture",
                table: "asp_net_users");
        }
    }
}
