CREATE TABLE "petition_report_facts" (
	"petition_id" uuid PRIMARY KEY NOT NULL,
	"agency_code" text,
	"received_date" date,
	"received_at" timestamp with time zone,
	"kind" text,
	"parent_id" uuid,
	"split_at" timestamp with time zone,
	"classify_at" timestamp with time zone,
	"eligibility" text,
	"ineligible_reason" text,
	"eligibility_at" timestamp with time zone,
	"eligibility_seq" integer,
	"forward_at" timestamp with time zone,
	"guide_at" timestamp with time zone,
	"urge_at" timestamp with time zone,
	"result_at" timestamp with time zone,
	"duplicate_of" uuid,
	"duplicate_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "receptions" ADD COLUMN "petition_id" uuid;--> statement-breakpoint
CREATE INDEX "petition_report_facts_received_idx" ON "petition_report_facts" USING btree ("received_date","agency_code");--> statement-breakpoint
CREATE INDEX "petition_deadlines_unmet_due_idx" ON "petition_deadlines" USING btree ("due_date") WHERE met_at IS NULL;--> statement-breakpoint
CREATE INDEX "petition_deadlines_met_at_idx" ON "petition_deadlines" USING btree ("met_at");