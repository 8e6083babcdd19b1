# Detach: the program runs on to its end without gdb.
# plugins: yes
# expect: ^Breakpoint 1, bump \(\) at
# expect: ^\[Inferior 1 \([^)]*\) detached\]
# stdout: ^x=48 counter=2 result=42$
# status: 42
break bump
continue
detach
