CREATE TABLE "notification_prefs" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"channels" text[] DEFAULT '{in_app,email}'::text[] NOT NULL,
	"email_mode" text DEFAULT 'immediate' NOT NULL,
	"locale" text DEFAULT 'vi' NOT NULL,
	"muted_kinds" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"item_type" text,
	"item_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"reminder_id" uuid,
	"dedupe_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "notifications_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "outbox_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"message_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"attempt" integer,
	"actor_user_id" uuid,
	"reason" text,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"recipient_type" text NOT NULL,
	"recipient_id" text,
	"address" text NOT NULL,
	"kind" text NOT NULL,
	"locale" text DEFAULT 'vi' NOT NULL,
	"subject" text,
	"body_text" text NOT NULL,
	"body_html" text,
	"ref" text,
	"batch_id" uuid,
	"dedupe_key" text NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 5 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"dead" boolean DEFAULT false NOT NULL,
	"provider_message_id" text,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_messages_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "reminder_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"item_type" text NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"definition" jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"source" text,
	"built_in" boolean DEFAULT false NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_runs" (
	"run_date" date PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"reminder_count" integer,
	"item_count" integer
);
--> statement-breakpoint
CREATE TABLE "reminders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"run_date" date NOT NULL,
	"rule_id" text NOT NULL,
	"step" text NOT NULL,
	"item_type" text NOT NULL,
	"recipient" text NOT NULL,
	"item_ids" text[] NOT NULL,
	"item_count" integer NOT NULL,
	"dispatched_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "leader_email" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "phone" text;--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id") WHERE read_at IS NULL;--> statement-breakpoint
CREATE INDEX "outbox_events_message_idx" ON "outbox_events" USING btree ("message_id","at");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox_messages" USING btree ("next_attempt_at") WHERE state = 'queued';--> statement-breakpoint
CREATE INDEX "outbox_failed_idx" ON "outbox_messages" USING btree ("failed_at") WHERE state = 'failed';--> statement-breakpoint
CREATE INDEX "outbox_batch_idx" ON "outbox_messages" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "outbox_ref_idx" ON "outbox_messages" USING btree ("ref");--> statement-breakpoint
CREATE UNIQUE INDEX "reminders_key_idx" ON "reminders" USING btree ("run_date","rule_id","step","recipient");--> statement-breakpoint
CREATE INDEX "reminders_undispatched_idx" ON "reminders" USING btree ("run_date") WHERE dispatched_at IS NULL;