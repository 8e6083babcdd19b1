/* Guest for counting and hot blocks: a loop that runs a known number of
 * times, with loads, stores and branches. */
#include <stdio.h>

static volatile unsigned data[256];

int main(void)
{
    unsigned sum = 0;
    for (unsigned i = 0; i < 100000; i++) {
        data[i & 255] += i;
        if (data[(i * 7) & 255] & 1) {
            sum += data[i & 255];
        } else {
            sum ^= i;
        }
    }
    printf("sum=%u\n", sum);
    return 0;
}
