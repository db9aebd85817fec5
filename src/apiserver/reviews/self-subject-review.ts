// SelfSubjectReview: who am I (kubectl auth whoami). The answer is the request's own user.
import type { RequestContext } from '../handlers/context.js';
import { reply } from '../handlers/resource.js';
import type { ResourceStore } from '../registry/store.js';
import { readReview } from './read-review.js';

export async function createSelfSubjectReview(ctx: RequestContext, store: ResourceStore): Promise<void> {
  const review = await readReview(ctx, store);
  const { username, uid, groups, extra } = ctx.user;
  const userInfo: Record<string, unknown> = { username };
  if (uid) userInfo.uid = uid;
  if (groups.length) userInfo.groups = [...groups];
  if (extra && Object.keys(extra).length) userInfo.extra = structuredClone(extra);
  const now = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const metadata = { ...(review.metadata ?? {}), creationTimestamp: now };
  reply(ctx, 201, { kind: store.info.kind, apiVersion: store.apiVersion, metadata, status: { userInfo } });
}
