import { z } from 'zod';

/** One message of a chat prompt: what a suite writes (content as a template), renders, and every runtime is sent. */
export const chatMessageSchema = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string().describe('Handlebars template over the row columns.'),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;
