CREATE TABLE "number_series" (
	"id" uuid PRIMARY KEY NOT NULL,
	"agency_code" text NOT NULL,
	"name" text NOT NULL,
	"issuer_symbol" text NOT NULL,
	"type_codes" text[] NOT NULL,
	"legal" boolean DEFAULT false NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "register_entries" (
	"series_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"state" text NOT NULL,
	"type_code" text,
	"document_id" uuid,
	"date" date,
	"reason" text,
	"signer" text,
	"recipients" text,
	"drafting_unit" text,
	"copies" integer,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_by" uuid,
	"voided_at" timestamp with time zone,
	"voided_by" uuid,
	CONSTRAINT "register_entries_series_id_year_number_pk" PRIMARY KEY("series_id","year","number")
);
--> statement-breakpoint
CREATE INDEX "number_series_agency_idx" ON "number_series" USING btree ("agency_code");--> statement-breakpoint
CREATE UNIQUE INDEX "number_series_default_idx" ON "number_series" USING btree ("agency_code") WHERE is_default AND active;--> statement-breakpoint
CREATE INDEX "register_entries_document_idx" ON "register_entries" USING btree ("document_id");