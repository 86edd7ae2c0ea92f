/** The pipeline benchmark: the seed's read -> grep -> count, plain and with a 3-way broadcast. */
package dev.weft.bench.pipe;
