/** The database a microservice gets for itself: a YSQL database or a YCQL keyspace, and its login role. */
export type MicroserviceDatabase =
  | {
      readonly kind: "ysql";
      /** Database the service owns. */
      readonly database: string;
      /** Login role, owner of the database. */
      readonly role: string;
    }
  | {
      readonly kind: "ycql";
      /** Keyspace the service gets every permission on. */
      readonly keyspace: string;
      /** Login role. */
      readonly role: string;
    };
