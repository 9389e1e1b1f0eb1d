CREATE TABLE "agencies" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"kind" text NOT NULL,
	"parent_code" text,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"demo" boolean DEFAULT false NOT NULL,
	"search_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agency_successions" (
	"predecessor_code" text NOT NULL,
	"successor_code" text NOT NULL,
	"kind" text NOT NULL,
	"effective_date" date NOT NULL,
	CONSTRAINT "agency_successions_predecessor_code_successor_code_pk" PRIMARY KEY("predecessor_code","successor_code")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"actor_name" text,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"action" text NOT NULL,
	"reason" text,
	"document_id" uuid,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number_symbol" text NOT NULL,
	"doc_key" text NOT NULL,
	"number" integer,
	"year" integer,
	"type_code" text,
	"issuer_symbol" text,
	"unit_symbol" text,
	"pattern" text NOT NULL,
	"date" date,
	"date_as_written" text,
	"date_invalid" boolean DEFAULT false NOT NULL,
	"citation" boolean DEFAULT false NOT NULL,
	"issuer_code" text,
	"issuer_name" text,
	"summary" text NOT NULL,
	"note" text,
	"file_name" text,
	"file_mime" text,
	"file_data" text,
	"search_key" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"occurred_on" date NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_name" text,
	"note" text,
	"document_id" uuid,
	"data" jsonb,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_states" (
	"task_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"status" text NOT NULL,
	"deadline" date,
	"finish_date" date,
	"lead_agency_code" text NOT NULL,
	"assigned_date" date NOT NULL,
	CONSTRAINT "task_states_task_id_valid_from_pk" PRIMARY KEY("task_id","valid_from")
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ref" text,
	"title" text NOT NULL,
	"search_key" text NOT NULL,
	"document_id" uuid NOT NULL,
	"clause" text,
	"assigned_by" text NOT NULL,
	"assigner_code" text,
	"lead_agency_code" text NOT NULL,
	"initial_lead_agency_code" text NOT NULL,
	"cooperating_agency_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"assigned_date" date NOT NULL,
	"deadline" date,
	"current_deadline" date,
	"deadline_rule" jsonb,
	"follow_unit_code" text,
	"follower_user_id" uuid,
	"status" text NOT NULL,
	"extension_requested" boolean DEFAULT false NOT NULL,
	"pending_extension" date,
	"report_date" date,
	"finish_date" date,
	"event_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_ref_unique" UNIQUE("ref")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"email" text,
	"password_hash" text NOT NULL,
	"roles" text[] NOT NULL,
	"agency_code" text,
	"disabled" boolean DEFAULT false NOT NULL,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE INDEX "agencies_parent_idx" ON "agencies" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "agencies_kind_idx" ON "agencies" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "audit_entity_idx" ON "audit_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_key_idx" ON "documents" USING btree ("doc_key");--> statement-breakpoint
CREATE INDEX "documents_date_idx" ON "documents" USING btree ("date");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "task_events_seq_idx" ON "task_events" USING btree ("task_id","seq");--> statement-breakpoint
CREATE INDEX "task_states_asof_idx" ON "task_states" USING btree ("valid_to","valid_from","assigned_date");--> statement-breakpoint
CREATE INDEX "tasks_lead_idx" ON "tasks" USING btree ("lead_agency_code");--> statement-breakpoint
CREATE INDEX "tasks_document_idx" ON "tasks" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "tasks_assigned_idx" ON "tasks" USING btree ("assigned_date");--> statement-breakpoint
CREATE INDEX "tasks_coop_idx" ON "tasks" USING gin ("cooperating_agency_codes");