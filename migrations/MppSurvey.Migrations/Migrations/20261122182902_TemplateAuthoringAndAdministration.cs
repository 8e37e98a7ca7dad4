using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MppSurvey.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class TemplateAuthoringAndAdministration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int[]>(
                name: "agency_ids",
                table: "surveys",
                type: "integer[]",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "opened_by",
                table: "surveys",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int[]>(
                name: "service_ids",
                table: "surveys",
                type: "integer[]",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "owner_mall_id",
                table: "survey_templates",
                type: "integer",
                nullable: true);

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "published_at",
                table: "survey_template_versions",
                type: "timestamp with time zone",
                nullable: true,
                oldClrType: typeof(DateTimeOffset),
                oldType: "timestamp with time zone");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "created_at",
                table: "survey_template_versions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "created_by",
                table: "survey_template_versions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "enrolment_code_expires_at",
                table: "kiosks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "enrolment_code_hash",
                table: "kiosks",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "invited_at",
                table: "asp_net_users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "invited_by",
                table: "asp_net_users",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    action = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    target = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    mall_id = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_survey_templates_owner_mall_id",
                table: "survey_templates",
                column: "owner_mall_id");

            migrationBuilder.CreateIndex(
                name: "ix_kiosks_enrolment_code_hash",
                table: "kiosks",
                column: "enrolment_code_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at",
                table: "audit_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_mall_id_at",
                table: "audit_entries",
                columns: new[] { "mall_id", "at" });

            migrationBuilder.AddForeignKey(
                name: "fk_survey_templates_malls_owner_mall_id",
                table: "survey_templates",
                column: "owner_mall_id",
                principalTable: "malls",
                principalColumn: "id");

            // A published version is immutable (issue #7): responses point at it, so the database
            // itself refuses to change or delete it, whatever code path tries.
            migrationBuilder.Sql("UPDATE survey_template_versions SET created_at = published_at;");
            migrationBuilder.Sql("""
                CREATE FUNCTION survey_template_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF OLD.published_at IS NOT NULL THEN
                        RAISE EXCEPTION 'survey template version % is published and cannot be changed', OLD.id
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
                END $$;
                CREATE TRIGGER survey_template_versions_immutable
                    BEFORE UPDATE OR DELETE ON survey_template_versions
                    FOR EACH ROW EXECUTE FUNCTION survey_template_versions_immutable();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER survey_template_versions_immutable ON survey_template_versions;
                DROP FUNCTION survey_template_versions_immutable();
                """);
            migrationBuilder.DropForeignKey(
                name: "fk_survey_templates_malls_owner_mall_id",
                table: "survey_templates");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropIndex(
                name: "ix_survey_templates_owner_mall_id",
                table: "survey_templates");

            migrationBuilder.DropIndex(
                name: "ix_kiosks_enrolment_code_hash",
                table: "kiosks");

            migrationBuilder.DropColumn(
                name: "agency_ids",
                table: "surveys");

            migrationBuilder.DropColumn(
                name: "opened_by",
                table: "surveys");

            migrationBuilder.DropColumn(
                name: "service_ids",
                table: "surveys");

            migrationBuilder.DropColumn(
                name: "owner_mall_id",
                table: "survey_templates");

            migrationBuilder.DropColumn(
                name: "created_at",
                table: "survey_template_versions");

            migrationBuilder.DropColumn(
                name: "created_by",
                table: "survey_template_versions");

            migrationBuilder.DropColumn(
                name: "enrolment_code_expires_at",
                table: "kiosks");

            migrationBuilder.DropColumn(
                name: "enrolment_code_hash",
                table: "kiosks");

            migrationBuilder.DropColumn(
                name: "invited_at",
                table: "asp_net_users");

            migrationBuilder.DropColumn(
                name: "invited_by",
                table: "asp_net_users");

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "published_at",
                table: "survey_template_versions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)),
                oldClrType: typeof(DateTimeOffset),
                oldType: "timestamp with time zone",
                oldNullable: true);
        }
    }
}
