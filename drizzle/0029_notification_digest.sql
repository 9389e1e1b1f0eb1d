ALTER TABLE "notification_prefs" ADD COLUMN "digest_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "digested_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "notifications_unread_created_idx" ON "notifications" USING btree ("user_id","created_at") WHERE read_at IS NULL;