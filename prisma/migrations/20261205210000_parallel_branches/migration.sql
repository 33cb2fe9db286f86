-- AlterTable
ALTER TABLE "processes" ADD COLUMN     "branch" VARCHAR(255),
ADD COLUMN     "parallel_step" VARCHAR(255),
ADD COLUMN     "parent_pid" UUID;

-- CreateIndex
CREATE INDEX "ix_processes_parent_pid" ON "processes"("parent_pid");

-- AddForeignKey
ALTER TABLE "processes" ADD CONSTRAINT "processes_parent_pid_fkey" FOREIGN KEY ("parent_pid") REFERENCES "processes"("pid") ON DELETE CASCADE ON UPDATE NO ACTION;
