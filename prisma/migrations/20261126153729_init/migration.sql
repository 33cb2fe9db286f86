-- The trigram operator class of the subscriptions.description index (partial-match filters). Prisma does not
-- manage extensions without a preview feature, so it is created here, before the index that needs it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "inputtype" AS ENUM ('user_input', 'initial_state');

-- CreateTable
CREATE TABLE "engine_settings" (
    "global_lock" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "engine_settings_pkey" PRIMARY KEY ("global_lock")
);

-- CreateTable
CREATE TABLE "products" (
    "product_id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" VARCHAR NOT NULL,
    "description" VARCHAR(2000) NOT NULL,
    "product_type" VARCHAR(255) NOT NULL,
    "tag" VARCHAR(20) NOT NULL,
    "status" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "end_date" TIMESTAMPTZ(6),

    CONSTRAINT "products_pkey" PRIMARY KEY ("product_id")
);

-- CreateTable
CREATE TABLE "product_blocks" (
    "product_block_id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" VARCHAR NOT NULL,
    "description" VARCHAR(2000) NOT NULL,
    "tag" VARCHAR(20),
    "status" VARCHAR(255),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "end_date" TIMESTAMPTZ(6),

    CONSTRAINT "product_blocks_pkey" PRIMARY KEY ("product_block_id")
);

-- CreateTable
CREATE TABLE "resource_types" (
    "resource_type_id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "resource_type" VARCHAR(510) NOT NULL,
    "description" VARCHAR(2000),

    CONSTRAINT "resource_types_pkey" PRIMARY KEY ("resource_type_id")
);

-- CreateTable
CREATE TABLE "fixed_inputs" (
    "fixed_input_id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" VARCHAR NOT NULL,
    "value" VARCHAR NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "product_id" UUID NOT NULL,

    CONSTRAINT "fixed_inputs_pkey" PRIMARY KEY ("fixed_input_id")
);

-- CreateTable
CREATE TABLE "product_product_blocks" (
    "product_id" UUID NOT NULL,
    "product_block_id" UUID NOT NULL,

    CONSTRAINT "product_product_blocks_pkey" PRIMARY KEY ("product_id","product_block_id")
);

-- CreateTable
CREATE TABLE "product_block_relations" (
    "in_use_by_id" UUID NOT NULL,
    "depends_on_id" UUID NOT NULL,
    "min" INTEGER,
    "max" INTEGER,

    CONSTRAINT "product_block_relations_pkey" PRIMARY KEY ("in_use_by_id","depends_on_id")
);

-- CreateTable
CREATE TABLE "product_block_resource_types" (
    "product_block_id" UUID NOT NULL,
    "resource_type_id" UUID NOT NULL,

    CONSTRAINT "product_block_resource_types_pkey" PRIMARY KEY ("product_block_id","resource_type_id")
);

-- CreateTable
CREATE TABLE "workflows" (
    "workflow_id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" VARCHAR NOT NULL,
    "target" VARCHAR NOT NULL,
    "description" VARCHAR(2000) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(6),
    "is_task" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "workflows_pkey" PRIMARY KEY ("workflow_id")
);

-- CreateTable
CREATE TABLE "products_workflows" (
    "product_id" UUID NOT NULL,
    "workflow_id" UUID NOT NULL,

    CONSTRAINT "products_workflows_pkey" PRIMARY KEY ("product_id","workflow_id")
);

-- CreateTable
CREATE TABLE "subscriptions" (
    "subscription_id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "description" VARCHAR(2000) NOT NULL,
    "status" VARCHAR(255) NOT NULL,
    "product_id" UUID NOT NULL,
    "customer_id" VARCHAR NOT NULL,
    "insync" BOOLEAN NOT NULL,
    "start_date" TIMESTAMPTZ(6),
    "end_date" TIMESTAMPTZ(6),
    "note" VARCHAR(5000),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("subscription_id")
);

-- CreateTable
CREATE TABLE "subscription_instances" (
    "subscription_instance_id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "subscription_id" UUID NOT NULL,
    "product_block_id" UUID NOT NULL,
    "label" VARCHAR(255),

    CONSTRAINT "subscription_instances_pkey" PRIMARY KEY ("subscription_instance_id")
);

-- CreateTable
CREATE TABLE "subscription_instance_values" (
    "subscription_instance_value_id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "subscription_instance_id" UUID NOT NULL,
    "resource_type_id" UUID NOT NULL,
    "value" VARCHAR(10000) NOT NULL,

    CONSTRAINT "subscription_instance_values_pkey" PRIMARY KEY ("subscription_instance_value_id")
);

-- CreateTable
CREATE TABLE "subscription_instance_relations" (
    "in_use_by_id" UUID NOT NULL,
    "depends_on_id" UUID NOT NULL,
    "order_id" INTEGER NOT NULL,
    "domain_model_attr" VARCHAR(255),

    CONSTRAINT "subscription_instance_relations_pkey" PRIMARY KEY ("in_use_by_id","depends_on_id","order_id")
);

-- CreateTable
CREATE TABLE "subscription_customer_descriptions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "subscription_id" UUID NOT NULL,
    "customer_id" VARCHAR NOT NULL,
    "description" VARCHAR(2000) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "subscription_customer_descriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscription_metadata" (
    "subscription_id" UUID NOT NULL,
    "metadata" JSONB NOT NULL,

    CONSTRAINT "subscription_metadata_pkey" PRIMARY KEY ("subscription_id")
);

-- CreateTable
CREATE TABLE "processes" (
    "pid" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workflow_id" UUID NOT NULL,
    "assignee" VARCHAR(50) NOT NULL DEFAULT 'SYSTEM',
    "last_status" VARCHAR(50) NOT NULL,
    "last_step" VARCHAR(255),
    "started_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "failed_reason" VARCHAR(10000),
    "traceback" VARCHAR(50000),
    "created_by" VARCHAR(255),
    "is_task" BOOLEAN NOT NULL DEFAULT false,
    "note" VARCHAR(5000),
    "position" INTEGER NOT NULL DEFAULT 0,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "acting_user" VARCHAR(255),

    CONSTRAINT "processes_pkey" PRIMARY KEY ("pid")
);

-- CreateTable
CREATE TABLE "process_steps" (
    "stepid" UUID NOT NULL DEFAULT gen_random_uuid(),
    "pid" UUID NOT NULL,
    "name" VARCHAR NOT NULL,
    "status" VARCHAR(50) NOT NULL,
    "state" JSONB NOT NULL,
    "created_by" VARCHAR(255),
    "started_at" TIMESTAMPTZ(6) NOT NULL DEFAULT statement_timestamp(),
    "completed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT statement_timestamp(),
    "commit_hash" VARCHAR(40),

    CONSTRAINT "process_steps_pkey" PRIMARY KEY ("stepid")
);

-- CreateTable
CREATE TABLE "processes_subscriptions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "pid" UUID NOT NULL,
    "subscription_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "workflow_target" VARCHAR(255),

    CONSTRAINT "processes_subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "input_states" (
    "input_state_id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "pid" UUID NOT NULL,
    "input_state" JSONB NOT NULL,
    "input_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "input_type" "inputtype" NOT NULL,

    CONSTRAINT "input_states_pkey" PRIMARY KEY ("input_state_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "products_name_key" ON "products"("name");

-- CreateIndex
CREATE INDEX "ix_products_tag" ON "products"("tag");

-- CreateIndex
CREATE INDEX "ix_products_product_type" ON "products"("product_type");

-- CreateIndex
CREATE UNIQUE INDEX "product_blocks_name_key" ON "product_blocks"("name");

-- CreateIndex
CREATE UNIQUE INDEX "resource_types_resource_type_key" ON "resource_types"("resource_type");

-- CreateIndex
CREATE UNIQUE INDEX "fixed_inputs_name_product_id_key" ON "fixed_inputs"("name", "product_id");

-- CreateIndex
CREATE INDEX "ix_product_product_blocks_product_block_id" ON "product_product_blocks"("product_block_id");

-- CreateIndex
CREATE INDEX "ix_product_block_relations_depends_on_id" ON "product_block_relations"("depends_on_id");

-- CreateIndex
CREATE INDEX "ix_product_block_resource_types_resource_type_id" ON "product_block_resource_types"("resource_type_id");

-- CreateIndex
CREATE UNIQUE INDEX "workflows_name_key" ON "workflows"("name");

-- CreateIndex
CREATE INDEX "ix_products_workflows_workflow_id" ON "products_workflows"("workflow_id");

-- CreateIndex
CREATE INDEX "ix_subscriptions_status" ON "subscriptions"("status");

-- CreateIndex
CREATE INDEX "ix_subscriptions_product_id" ON "subscriptions"("product_id");

-- CreateIndex
CREATE INDEX "ix_subscriptions_customer_id" ON "subscriptions"("customer_id");

-- CreateIndex
CREATE INDEX "ix_subscriptions_insync" ON "subscriptions"("insync");

-- CreateIndex
CREATE INDEX "ix_subscriptions_start_date" ON "subscriptions"("start_date" DESC, "subscription_id");

-- CreateIndex
CREATE INDEX "ix_subscriptions_end_date" ON "subscriptions"("end_date" DESC, "subscription_id");

-- CreateIndex
CREATE INDEX "ix_subscriptions_description_trgm" ON "subscriptions" USING GIN ("description" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "ix_subscription_instances_subscription_id" ON "subscription_instances"("subscription_id");

-- CreateIndex
CREATE INDEX "ix_subscription_instances_product_block_id" ON "subscription_instances"("product_block_id");

-- CreateIndex
CREATE INDEX "ix_subscription_instance_values_subscription_instance_id" ON "subscription_instance_values"("subscription_instance_id");

-- CreateIndex
CREATE INDEX "ix_subscription_instance_values_resource_type_id" ON "subscription_instance_values"("resource_type_id");

-- CreateIndex
CREATE INDEX "ix_subscription_instance_relations_depends_on_id" ON "subscription_instance_relations"("depends_on_id");

-- CreateIndex
CREATE INDEX "ix_subscription_customer_descriptions_subscription_id" ON "subscription_customer_descriptions"("subscription_id");

-- CreateIndex
CREATE UNIQUE INDEX "uniq_customer_subscription_description" ON "subscription_customer_descriptions"("customer_id", "subscription_id");

-- CreateIndex
CREATE INDEX "ix_processes_started_at" ON "processes"("started_at" DESC, "pid");

-- CreateIndex
CREATE INDEX "ix_processes_last_modified_at" ON "processes"("last_modified_at" DESC, "pid");

-- CreateIndex
CREATE INDEX "ix_processes_is_task" ON "processes"("is_task", "started_at" DESC, "pid");

-- CreateIndex
CREATE INDEX "ix_processes_last_status" ON "processes"("last_status", "started_at" DESC, "pid");

-- CreateIndex
CREATE INDEX "ix_processes_workflow_id" ON "processes"("workflow_id", "started_at" DESC);

-- CreateIndex
CREATE INDEX "ix_processes_assignee" ON "processes"("assignee");

-- CreateIndex
CREATE INDEX "ix_processes_created_by" ON "processes"("created_by");

-- CreateIndex
CREATE INDEX "ix_process_steps_pid_completed_at" ON "process_steps"("pid", "completed_at");

-- CreateIndex
CREATE INDEX "processes_subscriptions_ix" ON "processes_subscriptions"("pid", "subscription_id");

-- CreateIndex
CREATE INDEX "ix_processes_subscriptions_subscription_id" ON "processes_subscriptions"("subscription_id");

-- CreateIndex
CREATE INDEX "ix_input_states_pid_type_time" ON "input_states"("pid", "input_type", "input_time" DESC);

-- AddForeignKey
ALTER TABLE "fixed_inputs" ADD CONSTRAINT "fixed_inputs_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("product_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "product_product_blocks" ADD CONSTRAINT "product_product_blocks_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("product_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "product_product_blocks" ADD CONSTRAINT "product_product_blocks_product_block_id_fkey" FOREIGN KEY ("product_block_id") REFERENCES "product_blocks"("product_block_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "product_block_relations" ADD CONSTRAINT "product_block_relations_in_use_by_id_fkey" FOREIGN KEY ("in_use_by_id") REFERENCES "product_blocks"("product_block_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "product_block_relations" ADD CONSTRAINT "product_block_relations_depends_on_id_fkey" FOREIGN KEY ("depends_on_id") REFERENCES "product_blocks"("product_block_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "product_block_resource_types" ADD CONSTRAINT "product_block_resource_types_product_block_id_fkey" FOREIGN KEY ("product_block_id") REFERENCES "product_blocks"("product_block_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "product_block_resource_types" ADD CONSTRAINT "product_block_resource_types_resource_type_id_fkey" FOREIGN KEY ("resource_type_id") REFERENCES "resource_types"("resource_type_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "products_workflows" ADD CONSTRAINT "products_workflows_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("product_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "products_workflows" ADD CONSTRAINT "products_workflows_workflow_id_fkey" FOREIGN KEY ("workflow_id") REFERENCES "workflows"("workflow_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("product_id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "subscription_instances" ADD CONSTRAINT "subscription_instances_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("subscription_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "subscription_instances" ADD CONSTRAINT "subscription_instances_product_block_id_fkey" FOREIGN KEY ("product_block_id") REFERENCES "product_blocks"("product_block_id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "subscription_instance_values" ADD CONSTRAINT "subscription_instance_values_subscription_instance_id_fkey" FOREIGN KEY ("subscription_instance_id") REFERENCES "subscription_instances"("subscription_instance_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "subscription_instance_values" ADD CONSTRAINT "subscription_instance_values_resource_type_id_fkey" FOREIGN KEY ("resource_type_id") REFERENCES "resource_types"("resource_type_id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "subscription_instance_relations" ADD CONSTRAINT "subscription_instance_relations_in_use_by_id_fkey" FOREIGN KEY ("in_use_by_id") REFERENCES "subscription_instances"("subscription_instance_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "subscription_instance_relations" ADD CONSTRAINT "subscription_instance_relations_depends_on_id_fkey" FOREIGN KEY ("depends_on_id") REFERENCES "subscription_instances"("subscription_instance_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "subscription_customer_descriptions" ADD CONSTRAINT "subscription_customer_descriptions_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("subscription_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "subscription_metadata" ADD CONSTRAINT "subscription_metadata_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("subscription_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "processes" ADD CONSTRAINT "processes_workflow_id_fkey" FOREIGN KEY ("workflow_id") REFERENCES "workflows"("workflow_id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "process_steps" ADD CONSTRAINT "process_steps_pid_fkey" FOREIGN KEY ("pid") REFERENCES "processes"("pid") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "processes_subscriptions" ADD CONSTRAINT "processes_subscriptions_pid_fkey" FOREIGN KEY ("pid") REFERENCES "processes"("pid") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "processes_subscriptions" ADD CONSTRAINT "processes_subscriptions_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("subscription_id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "input_states" ADD CONSTRAINT "input_states_pid_fkey" FOREIGN KEY ("pid") REFERENCES "processes"("pid") ON DELETE CASCADE ON UPDATE NO ACTION;

-- ── Written by hand: what Prisma cannot express (its diff ignores functions, triggers and rows) ──────────────────

-- Optimistic locking, as orchestrator-core: every UPDATE of a subscription or a customer description increments
-- its version, whatever client wrote it, so a writer holding an older version can detect the change.
CREATE OR REPLACE FUNCTION increment_version()
RETURNS TRIGGER AS $$
BEGIN
    NEW.version := OLD.version + 1;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER subscriptions_increment_version_trigger
BEFORE UPDATE ON subscriptions
FOR EACH ROW
EXECUTE FUNCTION increment_version();

CREATE TRIGGER subscription_customer_descriptions_increment_version_trigger
BEFORE UPDATE ON subscription_customer_descriptions
FOR EACH ROW
EXECUTE FUNCTION increment_version();

-- The engine settings are a single row, read and updated in place; it must exist from the start.
INSERT INTO engine_settings (global_lock) VALUES (false);
