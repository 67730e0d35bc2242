/** Version of this copy of the elements; two copies on one page compare it. */
export const VERSION = '0.1.0';
