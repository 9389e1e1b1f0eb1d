CREATE TABLE "petition_stats_daily" (
	"received_date" date NOT NULL,
	"agency_code" text NOT NULL,
	"elig" text NOT NULL,
	"reason" text NOT NULL,
	"kind" text NOT NULL,
	"forwarded" boolean NOT NULL,
	"guided" boolean NOT NULL,
	"urged" boolean NOT NULL,
	"resolved" boolean NOT NULL,
	"dup" boolean NOT NULL,
	"split" boolean NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "petition_stats_daily_pk" PRIMARY KEY("received_date","agency_code","elig","reason","kind","forwarded","guided","urged","resolved","dup","split")
);
--> statement-breakpoint
ALTER TABLE "petition_report_facts" ADD COLUMN "last_at" timestamp with time zone GENERATED ALWAYS AS (GREATEST(received_at, split_at, classify_at, eligibility_at, forward_at, guide_at, urge_at, result_at, duplicate_at)) STORED;--> statement-breakpoint
CREATE INDEX "petition_deadlines_unmet_start_idx" ON "petition_deadlines" USING btree ("start_date","due_date") WHERE met_at IS NULL;--> statement-breakpoint
CREATE INDEX "petition_report_facts_last_idx" ON "petition_report_facts" USING btree ("last_at","received_date");--> statement-breakpoint
CREATE INDEX "petition_report_facts_parts_idx" ON "petition_report_facts" USING btree ("received_date") WHERE parent_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "petition_report_facts_dup_idx" ON "petition_report_facts" USING btree ("received_date") WHERE duplicate_of IS NOT NULL;