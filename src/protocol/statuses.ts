// GREEN-API's own HTTP statuses, beside the usual ones (https://green-api.com/en/docs/api/common-errors/).

/** The instance's plan quota is used up. */
export const QUOTA_EXCEEDED_STATUS = 466;

/** The request took too long on GREEN-API's side: worth retrying, like a 5xx. */
export const TOOK_TOO_LONG_STATUS = 499;

/** The status of "instance in starting process try later" (STARTING_MESSAGE). */
export const STARTING_STATUS = 400;
