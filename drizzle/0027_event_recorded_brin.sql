CREATE INDEX "dossier_events_recorded_brin" ON "dossier_events" USING brin ("recorded_at");--> statement-breakpoint
CREATE INDEX "petition_events_recorded_brin" ON "petition_events" USING brin ("recorded_at");--> statement-breakpoint
CREATE INDEX "task_events_recorded_brin" ON "task_events" USING brin ("recorded_at");