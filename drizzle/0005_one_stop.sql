CREATE TABLE "contact_verifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"contact" text NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"verified_at" timestamp with time zone,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_name" text,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text,
	"document_id" uuid,
	"data" jsonb,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"component_index" integer,
	"name" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"status" text NOT NULL,
	"receipt_number" text,
	"provider" text NOT NULL,
	"provider_ref" text,
	"stage" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "dossier_ratings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"vote" text NOT NULL,
	"indices" jsonb,
	"score" double precision,
	"comment" text,
	"entered_by" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_stats_daily" (
	"day" date NOT NULL,
	"receiving_body_code" text NOT NULL,
	"agency_code" text NOT NULL,
	"procedure_code" text NOT NULL,
	"metric" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "dossier_stats_daily_day_receiving_body_code_agency_code_procedure_code_metric_pk" PRIMARY KEY("day","receiving_body_code","agency_code","procedure_code","metric")
);
--> statement-breakpoint
CREATE TABLE "dossier_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"agency_code" text,
	"handed_by" text,
	"received_by" text,
	"started_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"result" text,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "dossiers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"era" text NOT NULL,
	"procedure_code" text NOT NULL,
	"procedure_version_id" uuid NOT NULL,
	"procedure_name" text NOT NULL,
	"field" text,
	"channel" text NOT NULL,
	"receiving_body_code" text NOT NULL,
	"processing_agency_code" text,
	"applicant" jsonb NOT NULL,
	"representative" jsonb,
	"components" jsonb NOT NULL,
	"return_method" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"start_date" date,
	"time_limit" jsonb,
	"appointment_at" timestamp with time zone,
	"first_appointment_at" timestamp with time zone,
	"apology_at" timestamp with time zone,
	"status" text NOT NULL,
	"resolved_at" timestamp with time zone,
	"timeliness" text,
	"returned_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"fee" jsonb,
	"postal" jsonb,
	"version" integer DEFAULT 0 NOT NULL,
	"search_key" text NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dossiers_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "procedure_time_cuts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"decision_id" uuid NOT NULL,
	"procedure_code" text NOT NULL,
	"channel" text NOT NULL,
	"old_value" double precision NOT NULL,
	"old_unit" text NOT NULL,
	"new_value" double precision NOT NULL,
	"new_unit" text NOT NULL,
	"effective_date" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procedure_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"procedure_code" text NOT NULL,
	"version" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"decision_id" uuid,
	"data" jsonb NOT NULL,
	"needs_review" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "procedures" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"field" text,
	"levels" text[] NOT NULL,
	"agency_code" text,
	"agency_name" text,
	"status" text NOT NULL,
	"current_version" integer NOT NULL,
	"fisheries" boolean DEFAULT false NOT NULL,
	"needs_review" boolean DEFAULT false NOT NULL,
	"online_level" text,
	"search_key" text NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "publication_decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number_symbol" text NOT NULL,
	"document_id" uuid,
	"date" date NOT NULL,
	"effective_date" date NOT NULL,
	"signer" text,
	"basis" text,
	"agency_code" text,
	"summary" text,
	"applied_at" timestamp with time zone,
	"demo" boolean DEFAULT false NOT NULL,
	"search_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "publication_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"decision_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"category" text NOT NULL,
	"procedure_code" text NOT NULL,
	"replaces_code" text,
	"agency_code" text,
	"field" text,
	"data" jsonb,
	"version_id" uuid
);
--> statement-breakpoint
CREATE TABLE "receiving_bodies" (
	"agency_code" text PRIMARY KEY NOT NULL,
	"identifier" text NOT NULL,
	"name" text NOT NULL,
	"demo" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sent_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"subject" text,
	"body" text NOT NULL,
	"ref" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "dossier_events_seq_idx" ON "dossier_events" USING btree ("dossier_id","seq");--> statement-breakpoint
CREATE INDEX "dossier_events_type_at_idx" ON "dossier_events" USING btree ("type","at");--> statement-breakpoint
CREATE INDEX "dossier_files_dossier_idx" ON "dossier_files" USING btree ("dossier_id");--> statement-breakpoint
CREATE INDEX "dossier_payments_dossier_idx" ON "dossier_payments" USING btree ("dossier_id");--> statement-breakpoint
CREATE INDEX "dossier_ratings_dossier_idx" ON "dossier_ratings" USING btree ("dossier_id");--> statement-breakpoint
CREATE INDEX "dossier_ratings_at_idx" ON "dossier_ratings" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "dossier_steps_seq_idx" ON "dossier_steps" USING btree ("dossier_id","seq");--> statement-breakpoint
CREATE INDEX "dossiers_received_idx" ON "dossiers" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "dossiers_body_received_idx" ON "dossiers" USING btree ("receiving_body_code","received_at");--> statement-breakpoint
CREATE INDEX "dossiers_agency_idx" ON "dossiers" USING btree ("processing_agency_code");--> statement-breakpoint
CREATE INDEX "dossiers_status_idx" ON "dossiers" USING btree ("status");--> statement-breakpoint
CREATE INDEX "dossiers_procedure_idx" ON "dossiers" USING btree ("procedure_code");--> statement-breakpoint
CREATE INDEX "procedure_time_cuts_decision_idx" ON "procedure_time_cuts" USING btree ("decision_id");--> statement-breakpoint
CREATE UNIQUE INDEX "procedure_versions_code_version_idx" ON "procedure_versions" USING btree ("procedure_code","version");--> statement-breakpoint
CREATE INDEX "procedure_versions_valid_idx" ON "procedure_versions" USING btree ("procedure_code","valid_from");--> statement-breakpoint
CREATE INDEX "procedures_field_idx" ON "procedures" USING btree ("field");--> statement-breakpoint
CREATE INDEX "procedures_agency_idx" ON "procedures" USING btree ("agency_code");--> statement-breakpoint
CREATE UNIQUE INDEX "publication_decisions_number_idx" ON "publication_decisions" USING btree ("number_symbol","date");--> statement-breakpoint
CREATE INDEX "publication_decisions_effective_idx" ON "publication_decisions" USING btree ("effective_date");--> statement-breakpoint
CREATE UNIQUE INDEX "publication_items_seq_idx" ON "publication_items" USING btree ("decision_id","seq");--> statement-breakpoint
CREATE INDEX "publication_items_procedure_idx" ON "publication_items" USING btree ("procedure_code");--> statement-breakpoint
CREATE INDEX "sent_messages_recipient_idx" ON "sent_messages" USING btree ("recipient");