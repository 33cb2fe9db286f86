import { z } from 'zod';
import type { RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { HttpError } from '../http/http-error';
import { ProblemDetailSchema } from '../schemas/problem-detail-schema';
import { uuidParam } from '../schemas/scalars';
import { DescriptionPatchBody } from './description-patch-body';
import { findProductBlock } from './product-block-queries';
import { ProductBlockSchema } from './product-block-schema';
import { patchDescription } from './patch-description';

const TAGS = ['Product Blocks'];
const params = z.object({ product_block_id: uuidParam });
const notFound = (id: string) => new HttpError(404, `Product_block id ${id} not found`);

/** `/api/product_blocks/{id}`: read a product block, edit its description. */
export const productBlockRoutes: RouteModule = ({ prisma }) => [
  defineRoute({
    method: 'get',
    path: '/api/product_blocks/:product_block_id',
    summary: 'Get a product block with its resource types',
    tags: TAGS,
    params,
    responses: {
      200: { description: 'The product block', schema: ProductBlockSchema },
      404: { description: 'No such product block', schema: ProblemDetailSchema },
    },
    handler: async ({ params }) => {
      const block = await findProductBlock(prisma, params.product_block_id);
      if (!block) throw notFound(params.product_block_id);
      return block;
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/api/product_blocks/:product_block_id',
    summary: "Update a product block's description",
    description: 'Answers 201 with the product block, as orchestrator-core does; `{}` changes nothing.',
    tags: TAGS,
    params,
    body: DescriptionPatchBody,
    responses: {
      201: { description: 'The updated product block', schema: ProductBlockSchema },
      404: { description: 'No such product block', schema: ProblemDetailSchema },
      422: { description: 'Malformed id or body', schema: ProblemDetailSchema },
    },
    handler: async ({ params, body }) => {
      const id = params.product_block_id;
      const block = await patchDescription(prisma, 'product_blocks', id, body.description, (blockId) =>
        findProductBlock(prisma, blockId),
      );
      if (!block) throw notFound(id);
      return block;
    },
  }),
];
