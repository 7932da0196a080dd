// Measures (1) effective core clock via a dependent imul chain (3-cycle latency each),
// (2) achieved fp32 FMA throughput with AVX-512 (zmm) and AVX2 (ymm), 1 thread.
// Build: gcc -O2 -march=sapphirerapids -o peak peak.c ; run: ./peak
#include <immintrin.h>
#include <stdio.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static double clock_ghz(void){
  long n=1000000000L; long x=3; double t0=now();
  __asm__ volatile(
    "mov %1, %%rcx\n"
    "1:\n"
    "imul %0, %0\n imul %0, %0\n imul %0, %0\n imul %0, %0\n"
    "imul %0, %0\n imul %0, %0\n imul %0, %0\n imul %0, %0\n"
    "sub $8, %%rcx\n jnz 1b\n" : "+r"(x) : "r"(n) : "rcx","cc");
  double t=now()-t0; return 3.0*n/t/1e9; /* imul r64 latency = 3 cycles */
}
#ifdef __AVX512F__
static double fma512(long iters){
  __m512 a0=_mm512_set1_ps(1.0f),a1=a0,a2=a0,a3=a0,a4=a0,a5=a0,a6=a0,a7=a0,a8=a0,a9=a0,a10=a0,a11=a0;
  __m512 b=_mm512_set1_ps(0.999999f), c=_mm512_set1_ps(1e-7f);
  double t0=now();
  for(long i=0;i<iters;i++){
    __asm__ volatile(
      "vfmadd213ps %[c], %[b], %[a0]\n vfmadd213ps %[c], %[b], %[a1]\n vfmadd213ps %[c], %[b], %[a2]\n"
      "vfmadd213ps %[c], %[b], %[a3]\n vfmadd213ps %[c], %[b], %[a4]\n vfmadd213ps %[c], %[b], %[a5]\n"
      "vfmadd213ps %[c], %[b], %[a6]\n vfmadd213ps %[c], %[b], %[a7]\n vfmadd213ps %[c], %[b], %[a8]\n"
      "vfmadd213ps %[c], %[b], %[a9]\n vfmadd213ps %[c], %[b], %[a10]\n vfmadd213ps %[c], %[b], %[a11]\n"
      : [a0]"+v"(a0),[a1]"+v"(a1),[a2]"+v"(a2),[a3]"+v"(a3),[a4]"+v"(a4),[a5]"+v"(a5),
        [a6]"+v"(a6),[a7]"+v"(a7),[a8]"+v"(a8),[a9]"+v"(a9),[a10]"+v"(a10),[a11]"+v"(a11)
      : [b]"v"(b),[c]"v"(c));
  }
  double t=now()-t0;
  volatile float sink=_mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(a0,a11),a5)); (void)sink;
  return iters*12.0*16*2/t/1e9;
}
#endif
static double fma256(long iters){
  __m256 a0=_mm256_set1_ps(1.0f),a1=a0,a2=a0,a3=a0,a4=a0,a5=a0,a6=a0,a7=a0,a8=a0,a9=a0,a10=a0,a11=a0;
  __m256 b=_mm256_set1_ps(0.999999f), c=_mm256_set1_ps(1e-7f);
  double t0=now();
  for(long i=0;i<iters;i++){
    __asm__ volatile(
      "vfmadd213ps %[c], %[b], %[a0]\n vfmadd213ps %[c], %[b], %[a1]\n vfmadd213ps %[c], %[b], %[a2]\n"
      "vfmadd213ps %[c], %[b], %[a3]\n vfmadd213ps %[c], %[b], %[a4]\n vfmadd213ps %[c], %[b], %[a5]\n"
      "vfmadd213ps %[c], %[b], %[a6]\n vfmadd213ps %[c], %[b], %[a7]\n vfmadd213ps %[c], %[b], %[a8]\n"
      "vfmadd213ps %[c], %[b], %[a9]\n vfmadd213ps %[c], %[b], %[a10]\n vfmadd213ps %[c], %[b], %[a11]\n"
      : [a0]"+x"(a0),[a1]"+x"(a1),[a2]"+x"(a2),[a3]"+x"(a3),[a4]"+x"(a4),[a5]"+x"(a5),
        [a6]"+x"(a6),[a7]"+x"(a7),[a8]"+x"(a8),[a9]"+x"(a9),[a10]"+x"(a10),[a11]"+x"(a11)
      : [b]"x"(b),[c]"x"(c));
  }
  double t=now()-t0;
  volatile float s=a0[0]+a11[0]; (void)s;
  return iters*12.0*8*2/t/1e9;
}
int main(){
  for(int r=0;r<5;r++){
    double g=clock_ghz();
#ifdef __AVX512F__
    double z=fma512(200000000L);
#else
    double z=0;
#endif
    double y=fma256(200000000L); double g2=clock_ghz();
    printf("run %d: clock %.3f GHz (before) %.3f GHz (after) | AVX-512 FMA %.1f GFLOP/s (%.2f flop/cycle) | AVX2 FMA %.1f GFLOP/s\n",
      r,g,g2,z,z/((g+g2)/2),y);
  }
}
