using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MppSurvey.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class IndexSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_received_at",
                table: "index_results",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int[]>(
                name: "profile_counts",
                table: "index_results",
                type: "integer[]",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "standard_error",
                table: "index_results",
                type: "double precision",
                nullable: true);

            // Change tracking for the index job: every (period, MPP) whose responses were written, imported,
            // re-flagged or deleted since its last computation, kept by triggers so no writer has to remember.
            // version moves on each change; the job clears only the marks it read, unchanged since.
            migrationBuilder.Sql("""
                CREATE SEQUENCE index_dirty_version;
                CREATE TABLE index_dirty (
                    period_code text NOT NULL,
                    mall_id integer NOT NULL,
                    version bigint NOT NULL,
                    changed_at timestamp with time zone NOT NULL DEFAULT now(),
                    PRIMARY KEY (period_code, mall_id));

                CREATE FUNCTION mark_index_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    -- Statement-level with transition tables: one upsert per statement, not per row; sorted so
                    -- two writers lock the marks in the same order.
                    IF TG_OP = 'INSERT' THEN
                        INSERT INTO index_dirty (period_code, mall_id, version)
                        SELECT p, m, nextval('index_dirty_version') FROM (SELECT DISTINCT period_code p, mall_id m FROM new_rows ORDER BY 1, 2) d
                        ON CONFLICT (period_code, mall_id) DO UPDATE SET version = excluded.version, changed_at = now();
                    ELSIF TG_OP = 'UPDATE' THEN
                        INSERT INTO index_dirty (period_code, mall_id, version)
                        SELECT p, m, nextval('index_dirty_version') FROM (
                            SELECT period_code p, mall_id m FROM new_rows UNION SELECT period_code, mall_id FROM old_rows ORDER BY 1, 2) d
                        ON CONFLICT (period_code, mall_id) DO UPDATE SET version = excluded.version, changed_at = now();
                    ELSE
                        INSERT INTO index_dirty (period_code, mall_id, version)
                        SELECT p, m, nextval('index_dirty_version') FROM (SELECT DISTINCT period_code p, mall_id m FROM old_rows ORDER BY 1, 2) d
                        ON CONFLICT (period_code, mall_id) DO UPDATE SET version = excluded.version, changed_at = now();
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER responses_mark_index_dirty_insert AFTER INSERT ON responses
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mark_index_dirty();
                CREATE TRIGGER responses_mark_index_dirty_update AFTER UPDATE ON responses
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mark_index_dirty();
                CREATE TRIGGER responses_mark_index_dirty_delete AFTER DELETE ON responses
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mark_index_dirty();
                -- A survey's population (the sample target) or closing changes its MPP's figures too.
                CREATE TRIGGER surveys_mark_index_dirty_update AFTER UPDATE ON surveys
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mark_index_dirty();

                -- Which existing figures are stale cannot be known (a closed period's imports were never
                -- computed): mark every (period, MPP) with responses once, so the next run recomputes all.
                INSERT INTO index_dirty (period_code, mall_id, version)
                SELECT period_code, mall_id, nextval('index_dirty_version') FROM (SELECT DISTINCT period_code, mall_id FROM responses ORDER BY 1, 2) d;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER surveys_mark_index_dirty_update ON surveys;
                DROP TRIGGER responses_mark_index_dirty_delete ON responses;
                DROP TRIGGER responses_mark_index_dirty_update ON responses;
                DROP TRIGGER responses_mark_index_dirty_insert ON responses;
                DROP FUNCTION mark_index_dirty();
                DROP TABLE index_dirty;
                DROP SEQUENCE index_dirty_version;
                """);

            migrationBuilder.DropColumn(
                name: "last_received_at",
                table: "index_results");

            migrationBuilder.DropColumn(
                name: "profile_counts",
                table: "index_results");

            migrationBuilder.DropColumn(
                name: "standard_error",
                table: "index_results");
        }
    }
}
