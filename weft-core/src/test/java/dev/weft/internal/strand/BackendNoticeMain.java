package dev.weft.internal.strand;

import dev.weft.gen.Generator;

/** Run in a child JVM by {@link BackendNoticeTest}: uses several generators, prints the backend. */
final class BackendNoticeMain {
    private BackendNoticeMain() {
    }

    public static void main(String[] args) {
        int sum = 0;
        for (int i = 0; i < 5; i++) {
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                ctx.yield(1);
                ctx.yield(2);
                return null;
            });
            for (int x : g) {
                sum += x;
            }
        }
        System.out.println("backend=" + Backend.defaultBackend() + " sum=" + sum);
    }
}
