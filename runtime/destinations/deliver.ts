import { deliverOverHttp } from './deliver-http.ts';
import { deliverToFolder } from './deliver-local.ts';
import { deliverToS3 } from './deliver-s3.ts';
import type { Destination } from './destination-schema.ts';
import type { DeliveryContext, DeliveryFile, DeliveryReceipt } from './delivery.ts';

/** One delivery attempt of a stored file to its destination; rejects with `DESTINATION_FAILED` (or `SECRET_NOT_FOUND`). */
export function deliver(destination: Destination, file: DeliveryFile, context: DeliveryContext): Promise<DeliveryReceipt> {
  switch (destination.type) {
    case 'local':
      return deliverToFolder(destination, file, context);
    case 's3':
      return deliverToS3(destination, file, context);
    case 'http':
      return deliverOverHttp(destination, file, context);
  }
}
