using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MppSurvey.Migrations.Migrations
{
    /// <summary>
    /// Agency names unique per MPP and service names unique per agency regardless of case, as the
    /// counter forms already check ("Samsat" and "SAMSAT" are one counter to a visitor). Rows that
    /// already collide are renamed first ("Samsat (2)"), the oldest keeping its name, so the index
    /// can be built and no response loses its counter.
    /// </summary>
    public partial class FormIntegrity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(RenameCollisions);
            migrationBuilder.Sql("""
                CREATE UNIQUE INDEX ix_agencies_mall_id_lower_name ON agencies (mall_id, lower(name));
                CREATE UNIQUE INDEX ix_services_agency_id_lower_name ON services (agency_id, lower(name));
                """);
        }

        /// <summary>Renames every agency and service whose name collides, ignoring case, with an older one of the same MPP or agency.</summary>
        public const string RenameCollisions = """
            UPDATE agencies a SET name = left(a.name, 190) || ' (' || d.n || ')'
            FROM (SELECT id, row_number() OVER (PARTITION BY mall_id, lower(name) ORDER BY id) AS n FROM agencies) d
            WHERE a.id = d.id AND d.n > 1;
            UPDATE services s SET name = left(s.name, 190) || ' (' || d.n || ')'
            FROM (SELECT id, row_number() OVER (PARTITION BY agency_id, lower(name) ORDER BY id) AS n FROM services) d
            WHERE s.id = d.id AND d.n > 1;
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS ix_services_agency_id_lower_name;
                DROP INDEX IF EXISTS ix_agencies_mall_id_lower_name;
                """);
        }
    }
}
