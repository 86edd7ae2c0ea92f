/** JMH benchmarks of weft, by layer. */
package dev.weft.bench;
