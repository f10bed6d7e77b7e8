// Admin API operations for bulk queries: start one, read one (by id, or the app's current one),
// cancel one. `groupObjects` is newer than the schema oracle (2025-07; default false since 2026-01):
// Aftercare reads children wherever they are in the file, so it asks for the faster ungrouped output.
import { defineOperation } from "~/platform/shopify-operation";

export interface BulkOperation {
  id: string;
  status: "CANCELED" | "CANCELING" | "COMPLETED" | "CREATED" | "EXPIRED" | "FAILED" | "RUNNING";
  errorCode: "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT" | null;
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  query: string;
  createdAt: string;
  completedAt: string | null;
}

const FIELDS = `id status errorCode objectCount rootObjectCount fileSize url query createdAt completedAt`;

export const BulkOperationRunQuery = defineOperation<
  {
    bulkOperationRunQuery: {
      bulkOperation: BulkOperation | null;
      userErrors: { code: "OPERATION_IN_PROGRESS" | "INVALID" | null; field: string[] | null; message: string }[];
    };
  },
  { query: string }
>(
  "BulkOperationRunQuery",
  `mutation BulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: false) {
      bulkOperation { ${FIELDS} }
      userErrors { code field message }
    }
  }`,
);

export const BulkOperationById = defineOperation<{ node: BulkOperation | null }, { id: string }>(
  "BulkOperationById",
  `query BulkOperationById($id: ID!) {
    node(id: $id) { ... on BulkOperation { ${FIELDS} } }
  }`,
);

export const CurrentBulkOperation = defineOperation<{ currentBulkOperation: BulkOperation | null }>(
  "CurrentBulkOperation",
  `query CurrentBulkOperation {
    currentBulkOperation(type: QUERY) { ${FIELDS} }
  }`,
);

export const BulkOperationCancel = defineOperation<
  {
    bulkOperationCancel: {
      bulkOperation: { id: string; status: string } | null;
      userErrors: { field: string[] | null; message: string }[];
    };
  },
  { id: string }
>(
  "BulkOperationCancel",
  `mutation BulkOperationCancel($id: ID!) {
    bulkOperationCancel(id: $id) {
      bulkOperation { id status }
      userErrors { field message }
    }
  }`,
);
