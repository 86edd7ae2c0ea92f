/**
 * Event-loop benchmarks for {@code ./weft bench aio}: {@link dev.weft.bench.aio.AioBench} measures
 * a task switch, task creation, memory per waiting task, a Queue ping-pong and a gather, on both
 * task backends; {@code weft-bench/python/aio_bench.py} measures the same in CPython asyncio.
 */
package dev.weft.bench.aio;
