using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MppSurvey.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ResponseIntegrity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Repair first: a response sent with a service and no agency (or a contradicting one) was
            // stored with agency_id NULL; its agency is the service's. The keys below then refuse such rows.
            migrationBuilder.Sql("""
                UPDATE responses AS r
                SET agency_id = s.agency_id
                FROM services AS s
                WHERE r.service_id = s.id
                  AND r.agency_id IS DISTINCT FROM s.agency_id;
                """);

            migrationBuilder.DropForeignKey(
                name: "fk_responses_agencies_agency_id",
                table: "responses");

            migrationBuilder.DropForeignKey(
                name: "fk_responses_services_service_id",
                table: "responses");

            migrationBuilder.DropForeignKey(
                name: "fk_responses_surveys_survey_id",
                table: "responses");

            migrationBuilder.DropIndex(
                name: "ix_responses_agency_id",
                table: "responses");

            migrationBuilder.DropIndex(
                name: "ix_responses_service_id",
                table: "responses");

            migrationBuilder.DropIndex(
                name: "ix_responses_survey_id",
                table: "responses");

            migrationBuilder.AddUniqueConstraint(
                name: "ak_surveys_id_mall_id_period_code_template_version_id",
                table: "surveys",
                columns: new[] { "id", "mall_id", "period_code", "template_version_id" });

            migrationBuilder.AddUniqueConstraint(
                name: "ak_services_id_agency_id",
                table: "services",
                columns: new[] { "id", "agency_id" });

            migrationBuilder.AddUniqueConstraint(
                name: "ak_agencies_id_mall_id",
                table: "agencies",
                columns: new[] { "id", "mall_id" });

            migrationBuilder.CreateIndex(
                name: "ix_responses_agency_id_mall_id",
                table: "responses",
                columns: new[] { "agency_id", "mall_id" });

            migrationBuilder.CreateIndex(
                name: "ix_responses_service_id_agency_id",
                table: "responses",
                columns: new[] { "service_id", "agency_id" });

            migrationBuilder.CreateIndex(
                name: "ix_responses_survey_id_mall_id_period_code_template_version_id",
                table: "responses",
                columns: new[] { "survey_id", "mall_id", "period_code", "template_version_id" });

            migrationBuilder.AddCheckConstraint(
                name: "ck_responses_service_has_agency",
                table: "responses",
                sql: "service_id IS NULL OR agency_id IS NOT NULL");

            migrationBuilder.AddForeignKey(
                name: "fk_responses_agencies_agency_id_mall_id",
                table: "responses",
                columns: new[] { "agency_id", "mall_id" },
                principalTable: "agencies",
                principalColumns: new[] { "id", "mall_id" },
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_responses_services_service_id_agency_id",
                table: "responses",
                columns: new[] { "service_id", "agency_id" },
                principalTable: "services",
                principalColumns: new[] { "id", "agency_id" },
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_responses_surveys_survey_id_mall_id_period_code_template_ve~",
                table: "responses",
                columns: new[] { "survey_id", "mall_id", "period_code", "template_version_id" },
                principalTable: "surveys",
                principalColumns: new[] { "id", "mall_id", "period_code", "template_version_id" },
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_responses_agencies_agency_id_mall_id",
                table: "responses");

            migrationBuilder.DropForeignKey(
                name: "fk_responses_services_service_id_agency_id",
                table: "responses");

            migrationBuilder.DropForeignKey(
                name: "fk_responses_surveys_survey_id_mall_id_period_code_template_ve~",
                table: "responses");

            migrationBuilder.DropUniqueConstraint(
                name: "ak_surveys_id_mall_id_period_code_template_version_id",
                table: "surveys");

            migrationBuilder.DropUniqueConstraint(
                name: "ak_services_id_agency_id",
                table: "services");

            migrationBuilder.DropIndex(
                name: "ix_responses_agency_id_mall_id",
                table: "responses");

            migrationBuilder.DropIndex(
                name: "ix_responses_service_id_agency_id",
                table: "responses");

            migrationBuilder.DropIndex(
                name: "ix_responses_survey_id_mall_id_period_code_template_version_id",
                table: "responses");

            migrationBuilder.DropCheckConstraint(
                name: "ck_responses_service_has_agency",
                table: "responses");

            migrationBuilder.DropUniqueConstraint(
                name: "ak_agencies_id_mall_id",
                table: "agencies");

            migrationBuilder.CreateIndex(
                name: "ix_responses_agency_id",
                table: "responses",
                column: "agency_id");

            migrationBuilder.CreateIndex(
                name: "ix_responses_service_id",
                table: "responses",
                column: "service_id");

            migrationBuilder.CreateIndex(
                name: "ix_responses_survey_id",
                table: "responses",
                column: "survey_id");

            migrationBuilder.AddForeignKey(
                name: "fk_responses_agencies_agency_id",
                table: "responses",
                column: "agency_id",
                principalTable: "agencies",
                principalColumn: "id");

            migrationBuilder.AddForeignKey(
                name: "fk_responses_services_service_id",
                table: "responses",
                column: "service_id",
                principalTable: "services",
                principalColumn: "id");

            migrationBuilder.AddForeignKey(
                name: "fk_responses_surveys_survey_id",
                table: "responses",
                column: "survey_id",
                principalTable: "surveys",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
