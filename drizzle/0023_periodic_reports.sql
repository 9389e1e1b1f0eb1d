CREATE TABLE "report_drafts" (
	"period_key" text PRIMARY KEY NOT NULL,
	"template_id" text NOT NULL,
	"narrative" jsonb NOT NULL,
	"task_window" jsonb,
	"version" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "report_snapshots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"period_key" text NOT NULL,
	"cut_off" date NOT NULL,
	"task_as_of" date NOT NULL,
	"template_id" text NOT NULL,
	"report" jsonb NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE INDEX "report_snapshots_period_idx" ON "report_snapshots" USING btree ("period_key","created_at");--> statement-breakpoint
CREATE FUNCTION "report_snapshots_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'report_snapshots is append-only: a snapshot is never changed or deleted';
END $$;
--> statement-breakpoint
CREATE TRIGGER "report_snapshots_no_change" BEFORE UPDATE OR DELETE ON "report_snapshots"
  FOR EACH ROW EXECUTE FUNCTION "report_snapshots_append_only"();
