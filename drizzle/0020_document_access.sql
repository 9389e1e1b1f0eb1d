ALTER TABLE "documents" ADD COLUMN "access" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "access_agency_code" text;