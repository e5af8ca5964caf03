// Clear a TCDA order book, then check the paper's claims on random books.
import { bookFromOrders, clearBook, type Order, runTcdaChecks } from "byzopt/tcda";

const orders: Order[] = [
  { id: "b1", side: "buy", price: 10, quantity: 2 },
  { id: "b2", side: "buy", price: 8, quantity: 3 },
  { id: "s1", side: "sell", price: 4, quantity: 2 },
  { id: "s2", side: "sell", price: 6, quantity: 2 },
  { id: "s3", side: "sell", price: 9, quantity: 2 },
];
const clearing = clearBook(bookFromOrders(orders));
console.log(`clearing price ${clearing.price}, ${clearing.volume} units traded`);
const claims = await runTcdaChecks({ runs: 100, seed: 1, solver: "highs" });
for (const c of claims) console.log(`${c.verdict.padEnd(14)} ${c.id}`);
