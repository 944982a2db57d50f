// IndexedDB: the phone's copy of everything. Every change is written here at once, so a
// reload, a closed tab or a dead battery loses nothing.
//
// Stores (one database per account, named by the shell's data-db):
//   meta     key → value (session info, last refresh)
//   missions mission id → the mission as the API sent it (+ gone: true when withdrawn)
//   grids    grid version id → {id, content_hash, snapshot}
//   reports  mission id → the local report (uuid, answers, notes, state, …)
//   photos   photo uuid → {uuid, mission, criterion, blob, uploaded}
//   outbox   mission id → {mission, uuid, attempts, next_at, queued_at}

const VERSION = 1;
let dbPromise = null;

function promisify(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export function open(name) {
  if (dbPromise) return dbPromise;
  dbPromise = new Promise((resolve, reject) => {
    const request = indexedDB.open(name, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore("meta");
      db.createObjectStore("missions", { keyPath: "id" });
      db.createObjectStore("grids", { keyPath: "id" });
      db.createObjectStore("reports", { keyPath: "mission" });
      const photos = db.createObjectStore("photos", { keyPath: "uuid" });
      photos.createIndex("mission", "mission");
      db.createObjectStore("outbox", { keyPath: "mission" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return dbPromise;
}

async function store(name, mode = "readonly") {
  const db = await dbPromise;
  return db.transaction(name, mode).objectStore(name);
}

// Resolves when the transaction is committed (durably, where the browser offers it), not
// merely when the request succeeded: "saved" must mean saved.
async function write(name, action) {
  const db = await dbPromise;
  const tx = db.transaction(name, "readwrite", { durability: "strict" });
  const result = action(tx.objectStore(name));
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
  return result;
}

export async function get(name, key) {
  return promisify((await store(name)).get(key));
}

export async function all(name) {
  return promisify((await store(name)).getAll());
}

export async function put(name, value, key) {
  await write(name, (s) => (key === undefined ? s.put(value) : s.put(value, key)));
  return value;
}

export async function del(name, key) {
  await write(name, (s) => s.delete(key));
}

// Read-modify-write of one record inside ONE readwrite transaction: `change(current)` gets
// the stored record as it is now (never a copy read earlier) and returns the new record, or
// null to delete it, or undefined to leave it. A plain object instead of a function sets
// those fields only. Resolves with the new record once the transaction is committed.
export async function update(name, key, change) {
  return transact([name], async (stores) => {
    const store = stores[name];
    const current = await promisify(store.get(key));
    if (current === undefined) return undefined;
    const next = typeof change === "function" ? change({ ...current }) : { ...current, ...change };
    if (next === null) store.delete(key);
    else if (next !== undefined) store.put(next);
    return next === undefined ? current : next;
  });
}

// Several stores changed atomically. `body(stores)` may await requests of this transaction
// only (IndexedDB keeps it open while requests are chained); it resolves on commit.
export async function transact(names, body) {
  const db = await dbPromise;
  const tx = db.transaction(names, "readwrite", { durability: "strict" });
  const committed = new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("transaction aborted"));
  });
  const stores = Object.fromEntries(names.map((name) => [name, tx.objectStore(name)]));
  let result;
  try {
    result = await body(stores, promisify);
  } catch (error) {
    try {
      tx.abort();
    } catch (ignored) {
      // Already finished.
    }
    throw error;
  }
  await committed;
  return result;
}

export async function photosOf(mission) {
  return promisify((await store("photos")).index("mission").getAll(mission));
}

export const meta = {
  get: (key) => get("meta", key),
  set: (key, value) => put("meta", value, key),
};
