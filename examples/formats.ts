// Check data against byzopt's file formats in code (the same check its commands make), and find the
// published JSON Schema for other tools.
import { checkFile, DATA_FORMATS, dataFormatNamed } from "byzopt/formats";

const book: unknown = [
  { id: "b1", side: "buy", price: 10, quantity: 2 },
  { id: "s1", side: "sell", price: "cheap", quantity: 1 },
];
try {
  checkFile(dataFormatNamed("orders"), book, "book.json");
} catch (err) {
  console.log((err as Error).message);
}
console.log(`formats: ${DATA_FORMATS.map((f) => f.name).join(" ")}`);
console.log(`JSON Schema: ${new URL(import.meta.resolve("byzopt/schemas/orders.schema.json")).pathname.split("/").slice(-2).join("/")}`);
