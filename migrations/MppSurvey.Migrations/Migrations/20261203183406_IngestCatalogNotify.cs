using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MppSurvey.Migrations.Migrations
{
    /// <summary>
    /// Ingest catalog: every change to what the response recorder holds per MPP (the MPP's row, its
    /// agencies and services, its surveys, its theme terms) notifies channel mppsurvey_ingest_catalog
    /// with the MPP's id, delivered at commit, so every app process forgets that MPP. Published
    /// template versions cannot change (survey_template_versions_immutable) and a survey only uses
    /// published ones; a template's code is renamed by hand only, and that notifies '*' (forget all).
    /// </summary>
    public partial class IngestCatalogNotify : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION ingest_catalog_notify() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_TABLE_NAME = 'malls' THEN
                        IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('mppsurvey_ingest_catalog', OLD.id::text); END IF;
                        IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('mppsurvey_ingest_catalog', NEW.id::text); END IF;
                    ELSIF TG_TABLE_NAME = 'services' THEN
                        IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('mppsurvey_ingest_catalog', a.mall_id::text) FROM agencies a WHERE a.id = OLD.agency_id; END IF;
                        IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('mppsurvey_ingest_catalog', a.mall_id::text) FROM agencies a WHERE a.id = NEW.agency_id; END IF;
                    ELSE
                        -- agencies, surveys, theme_terms: each row names its MPP.
                        IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('mppsurvey_ingest_catalog', OLD.mall_id::text); END IF;
                        IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('mppsurvey_ingest_catalog', NEW.mall_id::text); END IF;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE FUNCTION ingest_catalog_notify_all() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('mppsurvey_ingest_catalog', '*');
                    RETURN NULL;
                END $$;
                CREATE TRIGGER ingest_catalog_notify AFTER INSERT OR UPDATE OR DELETE ON malls FOR EACH ROW EXECUTE FUNCTION ingest_catalog_notify();
                CREATE TRIGGER ingest_catalog_notify AFTER INSERT OR UPDATE OR DELETE ON agencies FOR EACH ROW EXECUTE FUNCTION ingest_catalog_notify();
                CREATE TRIGGER ingest_catalog_notify AFTER INSERT OR UPDATE OR DELETE ON services FOR EACH ROW EXECUTE FUNCTION ingest_catalog_notify();
                CREATE TRIGGER ingest_catalog_notify AFTER INSERT OR UPDATE OR DELETE ON surveys FOR EACH ROW EXECUTE FUNCTION ingest_catalog_notify();
                CREATE TRIGGER ingest_catalog_notify AFTER INSERT OR UPDATE OR DELETE ON theme_terms FOR EACH ROW EXECUTE FUNCTION ingest_catalog_notify();
                CREATE TRIGGER ingest_catalog_notify_all AFTER UPDATE OF code ON survey_templates FOR EACH STATEMENT EXECUTE FUNCTION ingest_catalog_notify_all();
                CREATE TRIGGER ingest_catalog_notify_truncate AFTER TRUNCATE ON malls FOR EACH STATEMENT EXECUTE FUNCTION ingest_catalog_notify_all();
                CREATE TRIGGER ingest_catalog_notify_truncate AFTER TRUNCATE ON agencies FOR EACH STATEMENT EXECUTE FUNCTION ingest_catalog_notify_all();
                CREATE TRIGGER ingest_catalog_notify_truncate AFTER TRUNCATE ON services FOR EACH STATEMENT EXECUTE FUNCTION ingest_catalog_notify_all();
                CREATE TRIGGER ingest_catalog_notify_truncate AFTER TRUNCATE ON surveys FOR EACH STATEMENT EXECUTE FUNCTION ingest_catalog_notify_all();
                CREATE TRIGGER ingest_catalog_notify_truncate AFTER TRUNCATE ON theme_terms FOR EACH STATEMENT EXECUTE FUNCTION ingest_catalog_notify_all();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER ingest_catalog_notify ON malls;
                DROP TRIGGER ingest_catalog_notify ON agencies;
                DROP TRIGGER ingest_catalog_notify ON services;
                DROP TRIGGER ingest_catalog_notify ON surveys;
                DROP TRIGGER ingest_catalog_notify ON theme_terms;
                DROP TRIGGER ingest_catalog_notify_all ON survey_templates;
                DROP TRIGGER ingest_catalog_notify_truncate ON malls;
                DROP TRIGGER ingest_catalog_notify_truncate ON agencies;
                DROP TRIGGER ingest_catalog_notify_truncate ON services;
                DROP TRIGGER ingest_catalog_notify_truncate ON surveys;
                DROP TRIGGER ingest_catalog_notify_truncate ON theme_terms;
                DROP FUNCTION ingest_catalog_notify();
                DROP FUNCTION ingest_catalog_notify_all();
                """);
        }
    }
}
