-- DropIndex
DROP INDEX "ix_subscriptions_customer_id";

-- DropIndex
DROP INDEX "ix_subscriptions_product_id";

-- DropIndex
DROP INDEX "ix_subscriptions_status";

-- CreateIndex
CREATE INDEX "ix_subscriptions_status" ON "subscriptions"("status", "start_date" DESC, "subscription_id");

-- CreateIndex
CREATE INDEX "ix_subscriptions_product_id" ON "subscriptions"("product_id", "start_date" DESC, "subscription_id");

-- CreateIndex
CREATE INDEX "ix_subscriptions_customer_id" ON "subscriptions"("customer_id", "start_date" DESC, "subscription_id");
