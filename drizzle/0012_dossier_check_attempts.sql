CREATE TABLE "dossier_check_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"source" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_upload_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"uploads" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dossier_check_attempts_dossier_at_idx" ON "dossier_check_attempts" USING btree ("dossier_id","at");--> statement-breakpoint
CREATE INDEX "dossier_upload_tokens_dossier_idx" ON "dossier_upload_tokens" USING btree ("dossier_id");