ALTER TABLE "tasks" ADD COLUMN "source_clause_label" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "source_clause_text" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "source_clause_start" integer;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "source_clause_end" integer;