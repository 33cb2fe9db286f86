import { z } from 'zod';
import type { RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { HttpError } from '../http/http-error';
import { descriptionField } from '../metadata/description-patch-body';
import { ProblemDetailSchema } from '../schemas/problem-detail-schema';
import { uuidParam } from '../schemas/scalars';
import { ProductLifecycleSchema } from './product-lifecycle';
import { findProduct, listProducts } from './product-queries';
import { ProductSchema } from './product-schema';
import { updateProduct } from './update-product';

const TAGS = ['Products'];
const params = z.object({ product_id: uuidParam });
const notFound = (id: string) => new HttpError(404, `Product id ${id} not found`);

/** orchestrator-core's `ProductPatchSchema`; unknown keys answer 422 rather than being ignored. */
const ProductPatchBody = z
  .object({ description: descriptionField.optional(), status: ProductLifecycleSchema.optional() })
  .strict()
  .meta({ id: 'ProductPatchBody' });

/** `/api/products`: list and read products with their definition, edit description and status. */
export const productRoutes: RouteModule = ({ prisma, workflows }) => [
  defineRoute({
    method: 'get',
    path: '/api/products',
    summary: 'List products',
    description:
      'Every product with its product blocks (with resource types), fixed inputs and workflows, by name. ' +
      '`tag` and `product_type` narrow the list to exact matches. `/api/products/` answers the same.',
    tags: TAGS,
    query: z.object({
      tag: z.string().optional().meta({ description: 'Only products with this tag', example: 'NODE' }),
      product_type: z.string().optional().meta({ description: 'Only products of this type', example: 'Node' }),
    }),
    responses: { 200: { description: 'The products', schema: z.array(ProductSchema) } },
    handler: ({ query }) => listProducts(prisma, workflows, query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/products/:product_id',
    summary: 'Get a product',
    tags: TAGS,
    params,
    responses: {
      200: { description: 'The product', schema: ProductSchema },
      404: { description: 'No such product', schema: ProblemDetailSchema },
    },
    handler: async ({ params }) => {
      const product = await findProduct(prisma, workflows, params.product_id);
      if (!product) throw notFound(params.product_id);
      return product;
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/api/products/:product_id',
    summary: "Update a product's description or status",
    description:
      'Answers 201 with the product, as orchestrator-core does; `{}` changes nothing. Status `end of life` is ' +
      'refused with 400 while any subscription of the product is not terminated.',
    tags: TAGS,
    params,
    body: ProductPatchBody,
    responses: {
      201: { description: 'The updated product', schema: ProductSchema },
      400: { description: 'End of life refused: the product has subscriptions', schema: ProblemDetailSchema },
      404: { description: 'No such product', schema: ProblemDetailSchema },
      422: { description: 'Malformed id or body', schema: ProblemDetailSchema },
    },
    handler: async ({ params, body }) => {
      if (!(await updateProduct(prisma, params.product_id, body))) throw notFound(params.product_id);
      const product = await findProduct(prisma, workflows, params.product_id);
      if (!product) throw notFound(params.product_id);
      return product;
    },
  }),
];
