package perf;

import java.util.*;
import java.util.concurrent.*;

/**
 * SGEMM throughput harness: C = A*B, float32, row-major; A is MxK, B is KxN.
 * Usage: java [--add-modules jdk.incubator.vector] -cp target/classes:target/lib/* perf.GemmBench
 *          [impls=netlib-nn,netlib-tn,netlib-native-nn,openblas,openblas-heap]
 *          [threads=1,2] [shapes=256,512,1024,128x784x256,128x256x256] [samples=7] [sampleMs=300] [warmupMs=2000]
 * Shapes: "n" is n x n x n, otherwise MxKxN. Reports the median (min, max) GFLOP/s of `samples` timed samples,
 * each a loop of whole GEMM calls lasting >= sampleMs, after >= warmupMs of warm-up calls; flops = 2*M*N*K.
 */
public final class GemmBench {
    interface Gemm { void run(); default void sync() {} }

    static Map<String, String> opts = new HashMap<>();
    static String opt(String k, String d) { return opts.getOrDefault(k, d); }

    public static void main(String[] args) throws Exception {
        for (String a : args) { int e = a.indexOf('='); opts.put(a.substring(0, e), a.substring(e + 1)); }
        String[] impls = opt("impls", "netlib-nn,netlib-tn,netlib-native-nn,openblas,openblas-heap").split(",");
        int[] threads = Arrays.stream(opt("threads", "1,2").split(",")).mapToInt(Integer::parseInt).toArray();
        String[] shapes = opt("shapes", "256,512,1024,128x784x256,128x256x256").split(",");
        int samples = Integer.parseInt(opt("samples", "7"));
        long sampleNs = Long.parseLong(opt("sampleMs", "300")) * 1_000_000L;
        long warmNs = Long.parseLong(opt("warmupMs", "2000")) * 1_000_000L;
        System.out.printf("# java.version=%s vm=%s %s cpus=%d%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors());
        for (String shape : shapes) {
            int M, K, N;
            if (shape.contains("x")) { String[] p = shape.split("x"); M = Integer.parseInt(p[0]); K = Integer.parseInt(p[1]); N = Integer.parseInt(p[2]); }
            else M = K = N = Integer.parseInt(shape);
            Random rnd = new Random(42);
            float[] A = new float[M * K], B = new float[K * N], C = new float[M * N];
            for (int i = 0; i < A.length; i++) A[i] = rnd.nextFloat() * 2 - 1;
            for (int i = 0; i < B.length; i++) B[i] = rnd.nextFloat() * 2 - 1;
            double[] ref = reference(M, N, K, A, B);
            if (opt("interleave", "0").equals("1")) { interleaved(impls, threads, samples, sampleNs, warmNs, M, N, K, A, B, ref); continue; }
            for (String impl : impls) for (int t : threads) {
                Arrays.fill(C, Float.NaN);
                Gemm g;
                try { g = make(impl, t, M, N, K, A, B, C); }
                catch (Throwable e) { System.out.printf("SKIP impl=%s threads=%d shape=%s reason=%s%n", impl, t, shape, e); continue; }
                if (g == null) continue; // implementation does not thread
                long w0 = System.nanoTime();
                int calls = 0;
                do { g.run(); calls++; } while (System.nanoTime() - w0 < warmNs || calls < 3);
                g.sync();
                double err = check(C, ref);
                double[] gf = new double[samples];
                for (int s = 0; s < samples; s++) {
                    long t0 = System.nanoTime(), el; int it = 0;
                    do { g.run(); it++; el = System.nanoTime() - t0; } while (el < sampleNs);
                    gf[s] = 2.0 * M * N * K * it / el;
                }
                Arrays.sort(gf);
                System.out.printf(Locale.ROOT, "RESULT impl=%s java=%s threads=%d shape=%dx%dx%d gflops_median=%.2f min=%.2f max=%.2f relerr=%.1e%n",
                        impl, System.getProperty("java.version"), t, M, K, N, gf[samples / 2], gf[0], gf[samples - 1], err);
            }
        }
        if (pool != null) pool.shutdown();
    }

    /** interleave=1: per thread count, every impl warmed up in turn, then their samples alternate (order reversed every sample). */
    static void interleaved(String[] impls, int[] threads, int samples, long sampleNs, long warmNs, int M, int N, int K, float[] A, float[] B, double[] ref) {
        for (int t : threads) {
            List<String> names = new ArrayList<>(); List<Gemm> gs = new ArrayList<>(); List<float[]> cs = new ArrayList<>();
            for (String impl : impls) {
                float[] C = new float[M * N]; Arrays.fill(C, Float.NaN);
                Gemm g;
                try { g = make(impl, t, M, N, K, A, B, C); }
                catch (Throwable e) { System.out.printf("SKIP impl=%s threads=%d shape=%dx%dx%d reason=%s%n", impl, t, M, K, N, e); continue; }
                if (g == null) continue;
                names.add(impl); gs.add(g); cs.add(C);
            }
            int n = gs.size();
            double[][] gf = new double[n][samples]; double[] err = new double[n];
            for (int i = 0; i < n; i++) {
                Gemm g = gs.get(i); long w0 = System.nanoTime(); int calls = 0;
                do { g.run(); calls++; } while (System.nanoTime() - w0 < warmNs || calls < 3);
                g.sync(); err[i] = check(cs.get(i), ref);
            }
            for (int s = 0; s < samples; s++) for (int q = 0; q < n; q++) {
                int i = s % 2 == 0 ? q : n - 1 - q; Gemm g = gs.get(i);
                long t0 = System.nanoTime(), el; int it = 0;
                do { g.run(); it++; el = System.nanoTime() - t0; } while (el < sampleNs);
                gf[i][s] = 2.0 * M * N * K * it / el;
            }
            for (int i = 0; i < n; i++) {
                Arrays.sort(gf[i]);
                System.out.printf(Locale.ROOT, "RESULT impl=%s java=%s threads=%d shape=%dx%dx%d gflops_median=%.2f min=%.2f max=%.2f relerr=%.1e interleaved=1%n",
                        names.get(i), System.getProperty("java.version"), t, M, K, N, gf[i][samples / 2], gf[i][0], gf[i][samples - 1], err[i]);
            }
        }
    }

    static double[] reference(int M, int N, int K, float[] A, float[] B) {
        double[] R = new double[M * N];
        for (int i = 0; i < M; i++) for (int k = 0; k < K; k++) {
            double a = A[i * K + k];
            for (int j = 0; j < N; j++) R[i * N + j] += a * B[k * N + j];
        }
        return R;
    }

    static double check(float[] C, double[] R) {
        double maxErr = 0, maxRef = 0;
        for (int i = 0; i < R.length; i++) { maxErr = Math.max(maxErr, Math.abs(C[i] - R[i])); maxRef = Math.max(maxRef, Math.abs(R[i])); }
        double rel = maxErr / maxRef;
        if (!(rel < 1e-4)) throw new AssertionError("wrong result, rel err " + rel);
        return rel;
    }

    static ExecutorService pool;

    /** Runs body(j0, j1) on `t` threads over column ranges of [0, N) aligned to 32 columns. */
    static Gemm split(int t, int N, java.util.function.IntFunction<Range> perThread) {
        if (t == 1) { Range r = perThread.apply(0); return () -> r.run(0, N); }
        if (pool == null) pool = Executors.newFixedThreadPool(t, r -> { Thread th = new Thread(r); th.setDaemon(true); return th; });
        List<Callable<Void>> tasks = new ArrayList<>();
        int chunk = ((N + t - 1) / t + 31) / 32 * 32;
        for (int i = 0; i < t; i++) {
            int j0 = Math.min(N, i * chunk), j1 = Math.min(N, j0 + chunk);
            Range r = perThread.apply(i);
            tasks.add(() -> { r.run(j0, j1); return null; });
        }
        return () -> { try { for (Future<Void> f : pool.invokeAll(tasks)) f.get(); } catch (Exception e) { throw new RuntimeException(e); } };
    }
    interface Range { void run(int j0, int j1); }

    static Gemm make(String impl, int t, int M, int N, int K, float[] A, float[] B, float[] C) {
        switch (impl) {
            case "netlib-nn": case "netlib-tn": case "netlib-native-nn":
                return t == 1 ? NetlibGemm.make(impl, M, N, K, A, B, C) : null;
            case "openblas": case "openblas-heap":
                return OpenBlasGemm.make(impl.equals("openblas-heap"), t, M, N, K, A, B, C);
            case "nn4j": {
                try {
                    Object backend = Class.forName("dev.nn4j.backend.vector.VectorBackend").getConstructor(int.class).newInstance(t);
                    java.lang.reflect.Method mul = backend.getClass().getMethod("multiply", int.class, int.class, int.class, float[].class, float[].class, float[].class);
                    return () -> { try { mul.invoke(backend, M, N, K, A, B, C); } catch (ReflectiveOperationException e) { throw new RuntimeException(e); } };
                } catch (ReflectiveOperationException e) { throw new RuntimeException(e); }
            }
            case "nn4j-java": {
                try {
                    Object backend = Class.forName("dev.nn4j.core.backend.JavaBackend").getConstructor(int.class).newInstance(t);
                    java.lang.reflect.Method mul = backend.getClass().getMethod("multiply", int.class, int.class, int.class, float[].class, float[].class, float[].class);
                    return () -> { try { mul.invoke(backend, M, N, K, A, B, C); } catch (ReflectiveOperationException e) { throw new RuntimeException(e); } };
                } catch (ReflectiveOperationException e) { throw new RuntimeException(e); }
            }
            default: throw new IllegalArgumentException(impl);
        }
    }

}
