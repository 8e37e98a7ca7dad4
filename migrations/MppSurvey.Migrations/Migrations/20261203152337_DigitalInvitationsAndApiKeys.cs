using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MppSurvey.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class DigitalInvitationsAndApiKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    mall_id = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    key_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    prefix = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_keys", x => x.id);
                    table.UniqueConstraint("ak_api_keys_id_mall_id", x => new { x.id, x.mall_id });
                    table.CheckConstraint("ck_api_keys_key_hash", "key_hash ~ '^[0-9a-f]{64}$'");
                    table.CheckConstraint("ck_api_keys_name", "btrim(name) <> ''");
                    table.CheckConstraint("ck_api_keys_prefix", "prefix LIKE 'mppk\\_%' AND length(prefix) BETWEEN 5 AND 16");
                    table.CheckConstraint("ck_api_keys_revoked_whole", "(revoked_at IS NULL AND revoked_by IS NULL) OR (revoked_at IS NOT NULL AND revoked_by IS NOT NULL AND revoked_at >= created_at)");
                    table.ForeignKey(
                        name: "fk_api_keys_malls_mall_id",
                        column: x => x.mall_id,
                        principalTable: "malls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "survey_invitations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    mall_id = table.Column<int>(type: "integer", nullable: false),
                    agency_id = table.Column<int>(type: "integer", nullable: false),
                    service_id = table.Column<int>(type: "integer", nullable: false),
                    api_key_id = table.Column<int>(type: "integer", nullable: false),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    response_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_survey_invitations", x => x.id);
                    table.CheckConstraint("ck_survey_invitations_expires_after_created", "expires_at > created_at");
                    table.CheckConstraint("ck_survey_invitations_token_hash", "token_hash ~ '^[0-9a-f]{64}$'");
                    table.ForeignKey(
                        name: "fk_survey_invitations_agencies_agency_id_mall_id",
                        columns: x => new { x.agency_id, x.mall_id },
                        principalTable: "agencies",
                        principalColumns: new[] { "id", "mall_id" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_survey_invitations_api_keys_api_key_id_mall_id",
                        columns: x => new { x.api_key_id, x.mall_id },
                        principalTable: "api_keys",
                        principalColumns: new[] { "id", "mall_id" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_survey_invitations_malls_mall_id",
                        column: x => x.mall_id,
                        principalTable: "malls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_survey_invitations_responses_response_id",
                        column: x => x.response_id,
                        principalTable: "responses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_survey_invitations_services_service_id_agency_id",
                        columns: x => new { x.service_id, x.agency_id },
                        principalTable: "services",
                        principalColumns: new[] { "id", "agency_id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_key_hash",
                table: "api_keys",
                column: "key_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_mall_id_name",
                table: "api_keys",
                columns: new[] { "mall_id", "name" },
                unique: true,
                filter: "revoked_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_survey_invitations_agency_id_mall_id",
                table: "survey_invitations",
                columns: new[] { "agency_id", "mall_id" });

            migrationBuilder.CreateIndex(
                name: "ix_survey_invitations_api_key_id_mall_id",
                table: "survey_invitations",
                columns: new[] { "api_key_id", "mall_id" });

            migrationBuilder.CreateIndex(
                name: "ix_survey_invitations_mall_id",
                table: "survey_invitations",
                column: "mall_id");

            migrationBuilder.CreateIndex(
                name: "ix_survey_invitations_response_id",
                table: "survey_invitations",
                column: "response_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_survey_invitations_service_id_agency_id",
                table: "survey_invitations",
                columns: new[] { "service_id", "agency_id" });

            migrationBuilder.CreateIndex(
                name: "ix_survey_invitations_token_hash",
                table: "survey_invitations",
                column: "token_hash",
                unique: true);

            // An invitation brings one response, once: the response it is bound to came through it (its MPP,
            // its service, channel invitation), and the binding never changes afterwards. The recorder keeps
            // to this; the trigger makes any other write impossible too.
            migrationBuilder.Sql("""
                CREATE FUNCTION survey_invitations_bound_once() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND OLD.response_id IS NOT NULL AND NEW.response_id IS DISTINCT FROM OLD.response_id THEN
                        RAISE EXCEPTION 'survey invitation % is already bound to a response', OLD.id USING ERRCODE = 'check_violation';
                    END IF;
                    IF NEW.response_id IS NOT NULL AND NEW.response_id IS DISTINCT FROM (CASE WHEN TG_OP = 'UPDATE' THEN OLD.response_id END)
                       AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.id = NEW.response_id AND r.mall_id = NEW.mall_id
                                       AND r.service_id = NEW.service_id AND r.channel = 5) THEN
                        RAISE EXCEPTION 'response % did not come through survey invitation %', NEW.response_id, NEW.id USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER survey_invitations_bound_once BEFORE INSERT OR UPDATE ON survey_invitations
                    FOR EACH ROW EXECUTE FUNCTION survey_invitations_bound_once();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER survey_invitations_bound_once ON survey_invitations; DROP FUNCTION survey_invitations_bound_once();");

            migrationBuilder.DropTable(
                name: "survey_invitations");

            migrationBuilder.DropTable(
                name: "api_keys");
        }
    }
}
