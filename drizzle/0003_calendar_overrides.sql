CREATE TABLE "calendar_changes" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"op" text NOT NULL,
	"entity_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_holiday_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"enabled" boolean NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"legal_document" jsonb,
	"rule" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "calendar_office_hours" (
	"id" uuid PRIMARY KEY NOT NULL,
	"agency_code" text,
	"valid_from" date,
	"valid_to" date,
	"hours" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "calendar_schedule_days" (
	"schedule_id" text NOT NULL,
	"seq" integer NOT NULL,
	"date" date NOT NULL,
	"kind" text NOT NULL,
	"holiday" text NOT NULL,
	"note" text,
	CONSTRAINT "calendar_schedule_days_schedule_id_seq_pk" PRIMARY KEY("schedule_id","seq")
);
--> statement-breakpoint
CREATE TABLE "calendar_schedules" (
	"id" text PRIMARY KEY NOT NULL,
	"origin" text NOT NULL,
	"year" integer NOT NULL,
	"holidays" text[] NOT NULL,
	"mode" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"period_from" date,
	"period_to" date,
	"verified" boolean NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"legal_document" jsonb,
	"valid_from" date,
	"valid_to" date,
	"applies_to" text,
	"source" text NOT NULL,
	"source_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE INDEX "calendar_office_hours_agency_idx" ON "calendar_office_hours" USING btree ("agency_code");--> statement-breakpoint
CREATE INDEX "calendar_schedule_days_date_idx" ON "calendar_schedule_days" USING btree ("date");--> statement-breakpoint
CREATE INDEX "calendar_schedules_year_idx" ON "calendar_schedules" USING btree ("year");