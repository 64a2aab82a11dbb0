import {
  notFound,
  publicDelivery,
  type Principal,
  type PublicDelivery,
} from '../../domain/index.js';
import type { ServiceDeps } from '../deps.js';

/** `deliveries.*` (admin): the external deliveries of a message, and a retry of a FAILED one. */
export class DeliveriesService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(p: Principal, messageId: string, limit: number): Promise<{ items: PublicDelivery[] }> {
    const items = await this.deps.store.outbox.listByMessage(p.orgId, messageId, limit);
    return { items: items.map(publicDelivery) };
  }

  /** Puts a FAILED delivery back in the outbox with its attempts reset; the worker picks it up. */
  async retry(p: Principal, deliveryId: string): Promise<PublicDelivery> {
    const again = await this.deps.store.outbox.retry(p.orgId, deliveryId, this.deps.now());
    if (!again) {
      const existing = await this.deps.store.outbox.get(p.orgId, deliveryId);
      if (!existing) throw notFound(`Delivery ${deliveryId}`);
      return publicDelivery(existing);
    }
    this.deps.logger.info(
      { deliveryId, messageId: again.messageId, actorId: p.userId },
      'delivery queued again',
    );
    return publicDelivery(again);
  }
}
