-- CreateTable
CREATE TABLE "schedules" (
    "schedule_id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workflow_id" UUID NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "trigger" VARCHAR(20) NOT NULL,
    "trigger_kwargs" JSONB NOT NULL,
    "user_inputs" JSONB NOT NULL DEFAULT '[{}]',
    "origin" VARCHAR(10) NOT NULL DEFAULT 'api',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schedules_pkey" PRIMARY KEY ("schedule_id")
);

-- CreateIndex
CREATE INDEX "ix_schedules_workflow_id" ON "schedules"("workflow_id");

-- AddForeignKey
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_workflow_id_fkey" FOREIGN KEY ("workflow_id") REFERENCES "workflows"("workflow_id") ON DELETE CASCADE ON UPDATE NO ACTION;
