# bash completion for linetwin: the commands, each command's options (read
# from `linetwin COMMAND --help`, so they never go stale) and scene files.
_linetwin() {
    local cur prev cmd
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "check run compare view snapshot schedule help --help --version" -- "$cur"))
        return
    fi
    cmd=${COMP_WORDS[1]}
    case $prev in
    --out | -o)
        compopt -o filenames 2>/dev/null
        if [ "$cmd" = snapshot ]; then
            COMPREPLY=($(compgen -f -X '!*.png' -- "$cur") $(compgen -d -- "$cur"))
        elif [ "$cmd" = schedule ]; then
            COMPREPLY=($(compgen -f -X '!*.csv' -- "$cur") $(compgen -d -- "$cur"))
        else
            COMPREPLY=($(compgen -d -- "$cur"))
        fi
        return
        ;;
    --rule)
        COMPREPLY=($(compgen -W "fifo edd spt priority cr slack atc setup" -- "$cur"))
        return
        ;;
    --reps | --seed | --horizon | --warmup | -j | --jobs | --set | --at | --size | --speed | \
        --quit-after | --target-*)
        return # a value the user types
        ;;
    esac
    if [ "$cmd" = help ]; then
        COMPREPLY=($(compgen -W "check run compare view snapshot schedule" -- "$cur"))
        return
    fi
    if [[ $cur == -* ]]; then
        local opts
        opts=$("${COMP_WORDS[0]}" "$cmd" --help 2>/dev/null | grep -oE -- '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' |
            sed 's/^[ ,]*//' | sort -u)
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    # Scene files (and folders to look into).
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -X '!*.cfg' -- "$cur") $(compgen -d -- "$cur"))
}
complete -F _linetwin linetwin
