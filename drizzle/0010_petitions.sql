CREATE TABLE "identity_grants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"granted_by" uuid,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "party_identities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"role" text NOT NULL,
	"name" text,
	"id_number" text,
	"address" text,
	"phone" text,
	"email" text,
	"confidential" boolean DEFAULT false NOT NULL,
	"person_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "petition_deadlines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"petition_id" uuid NOT NULL,
	"clock" text NOT NULL,
	"start_date" date NOT NULL,
	"due_date" date NOT NULL,
	"limit" jsonb NOT NULL,
	"source" text NOT NULL,
	"met_at" timestamp with time zone,
	"state" text DEFAULT 'open' NOT NULL,
	"agency_code" text
);
--> statement-breakpoint
CREATE TABLE "petition_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"petition_id" uuid NOT NULL,
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
CREATE TABLE "petitions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"agency_code" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"received_date" date NOT NULL,
	"channel" text NOT NULL,
	"kind" text NOT NULL,
	"level" integer,
	"remote_area" boolean DEFAULT false NOT NULL,
	"complex" boolean DEFAULT false NOT NULL,
	"content" text NOT NULL,
	"content_key" text NOT NULL,
	"respondent" text,
	"respondent_agency_code" text,
	"handling_agency_code" text,
	"status" text NOT NULL,
	"eligibility" text DEFAULT 'pending' NOT NULL,
	"ineligible_reason" text,
	"eligibility_note" text,
	"rule_version" text NOT NULL,
	"parent_id" uuid,
	"duplicate_of_id" uuid,
	"repeat_count" integer DEFAULT 0 NOT NULL,
	"reception_id" uuid,
	"signer_count" integer DEFAULT 1 NOT NULL,
	"confidential" boolean DEFAULT false NOT NULL,
	"service_request_id" uuid,
	"result" jsonb,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"search_key" text NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "petitions_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "receptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"agency_code" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"session_date" date NOT NULL,
	"kind" text NOT NULL,
	"receiver_user_id" uuid,
	"receiver_name" text NOT NULL,
	"leader_name" text,
	"leader_agency_code" text,
	"headcount" integer NOT NULL,
	"mass_delegation" boolean DEFAULT false NOT NULL,
	"summary" text NOT NULL,
	"classification" text NOT NULL,
	"documents_received" jsonb,
	"receipt_slip_no" text,
	"outcome" text NOT NULL,
	"refusal_ground" text,
	"outcome_note" text,
	"outcome_agency_code" text,
	"confidential" boolean DEFAULT false NOT NULL,
	"rule_version" text NOT NULL,
	"search_key" text NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "receptions_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "service_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"service_code" text NOT NULL,
	"service_name" text,
	"description" text,
	"description_key" text,
	"lat" double precision,
	"long" double precision,
	"address_string" text,
	"status" text NOT NULL,
	"status_notes" text,
	"agency_responsible" text,
	"requested_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expected_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"source" text NOT NULL,
	"source_channel" text,
	"external_ontime" text,
	"media_url" text,
	"api_key_id" text,
	"petition_id" uuid,
	"demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "service_requests_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE INDEX "identity_grants_subject_idx" ON "identity_grants" USING btree ("subject_type","subject_id","user_id");--> statement-breakpoint
CREATE INDEX "party_identities_subject_idx" ON "party_identities" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "party_identities_id_number_idx" ON "party_identities" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "party_identities_person_key_idx" ON "party_identities" USING btree ("person_key");--> statement-breakpoint
CREATE INDEX "petition_deadlines_petition_idx" ON "petition_deadlines" USING btree ("petition_id");--> statement-breakpoint
CREATE INDEX "petition_deadlines_open_idx" ON "petition_deadlines" USING btree ("state","due_date");--> statement-breakpoint
CREATE UNIQUE INDEX "petition_events_seq_idx" ON "petition_events" USING btree ("petition_id","seq");--> statement-breakpoint
CREATE INDEX "petition_events_type_at_idx" ON "petition_events" USING btree ("type","at");--> statement-breakpoint
CREATE INDEX "petitions_received_idx" ON "petitions" USING btree ("received_date");--> statement-breakpoint
CREATE INDEX "petitions_handling_idx" ON "petitions" USING btree ("handling_agency_code","status");--> statement-breakpoint
CREATE INDEX "petitions_status_idx" ON "petitions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "petitions_parent_idx" ON "petitions" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "petitions_duplicate_idx" ON "petitions" USING btree ("duplicate_of_id");--> statement-breakpoint
CREATE INDEX "receptions_date_idx" ON "receptions" USING btree ("session_date");--> statement-breakpoint
CREATE INDEX "receptions_agency_date_idx" ON "receptions" USING btree ("agency_code","session_date");--> statement-breakpoint
CREATE INDEX "service_requests_requested_idx" ON "service_requests" USING btree ("requested_at");--> statement-breakpoint
CREATE INDEX "service_requests_service_idx" ON "service_requests" USING btree ("service_code");