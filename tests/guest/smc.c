/* Self-modifying code: a JIT-style buffer rewritten and called again,
 * and code read() into it; each call must run the new instructions. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <stdint.h>
typedef int (*fn)(void);
int main(void){
  uint32_t *p = mmap(0, 4096, PROT_READ|PROT_WRITE|PROT_EXEC, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
  int total = 0;
  for (int i = 0; i < 5; i++) {
    p[0] = 0x52800000 | (i << 5);  /* mov w0, #i */
    p[1] = 0xd65f03c0;             /* ret */
    __builtin___clear_cache((char*)p, (char*)p + 8);
    int r = ((fn)p)();
    printf("call %d -> %d\n", i, r); total += r;
  }
  /* read() into code */
  uint32_t code[2] = { 0x52800000 | (42 << 5), 0xd65f03c0 };
  FILE *f = fopen("/tmp/smc.bin", "w"); fwrite(code, 4, 2, f); fclose(f);
  f = fopen("/tmp/smc.bin", "r"); size_t n = fread(p, 4, 2, f); fclose(f);
  __builtin___clear_cache((char*)p, (char*)p + 8);
  printf("after read(%zu) -> %d\n", n, ((fn)p)());
  return total;
}
