/*
 * exp, log, tanh and the normal distribution's cos(2 pi u) with the CPU backend's bits: legate.runtime.backend.Transcendental's steps in
 * C, with its tables (below, copied from it in hexadecimal; the gpu module's tests check them
 * against the Java class and run this code against it). Plain arithmetic: built without fused
 * multiply-adds (nvcc -fmad=false, gcc -ffp-contract=off), every step is the IEEE operation
 * Java performs, so a GPU, a host build and the JVM give the same bits. Included by eval.h.
 */
#ifndef LEGATE_LG_MATH_H
#define LEGATE_LG_MATH_H

#ifndef LG_FN
#define LG_FN static inline
#endif

/* the tables live in the GPU's global memory (read-only), or in the host build's constants (an includer may say otherwise) */
#ifndef LG_TABLE
#ifdef __CUDACC__
#define LG_TABLE static const __device__
#else
#define LG_TABLE static const
#endif
#endif

LG_TABLE double lg_exp_hi[128] = {
    0x1.0p0, 0x1.0163da9fb3335p0, 0x1.02c9a3e778061p0, 0x1.04315e86e7f85p0,
    0x1.059b0d3158574p0, 0x1.0706b29ddf6dep0, 0x1.0874518759bc8p0, 0x1.09e3ecac6f383p0,
    0x1.0b5586cf9890fp0, 0x1.0cc922b7247f7p0, 0x1.0e3ec32d3d1a2p0, 0x1.0fb66affed31bp0,
    0x1.11301d0125b51p0, 0x1.12abdc06c31ccp0, 0x1.1429aaea92dep0, 0x1.15a98c8a58e51p0,
    0x1.172b83c7d517bp0, 0x1.18af9388c8deap0, 0x1.1a35beb6fcb75p0, 0x1.1bbe084045cd4p0,
    0x1.1d4873168b9aap0, 0x1.1ed5022fcd91dp0, 0x1.2063b88628cd6p0, 0x1.21f49917ddc96p0,
    0x1.2387a6e756238p0, 0x1.251ce4fb2a63fp0, 0x1.26b4565e27cddp0, 0x1.284dfe1f56381p0,
    0x1.29e9df51fdee1p0, 0x1.2b87fd0dad99p0, 0x1.2d285a6e4030bp0, 0x1.2ecafa93e2f56p0,
    0x1.306fe0a31b715p0, 0x1.32170fc4cd831p0, 0x1.33c08b26416ffp0, 0x1.356c55f929ff1p0,
    0x1.371a7373aa9cbp0, 0x1.38cae6d05d866p0, 0x1.3a7db34e59ff7p0, 0x1.3c32dc313a8e5p0,
    0x1.3dea64c123422p0, 0x1.3fa4504ac801cp0, 0x1.4160a21f72e2ap0, 0x1.431f5d950a897p0,
    0x1.44e086061892dp0, 0x1.46a41ed1d0057p0, 0x1.486a2b5c13cdp0, 0x1.4a32af0d7d3dep0,
    0x1.4bfdad5362a27p0, 0x1.4dcb299fddd0dp0, 0x1.4f9b2769d2ca7p0, 0x1.516daa2cf6642p0,
    0x1.5342b569d4f82p0, 0x1.551a4ca5d920fp0, 0x1.56f4736b527dap0, 0x1.58d12d497c7fdp0,
    0x1.5ab07dd485429p0, 0x1.5c9268a5946b7p0, 0x1.5e76f15ad2148p0, 0x1.605e1b976dc09p0,
    0x1.6247eb03a5585p0, 0x1.6434634ccc32p0, 0x1.6623882552225p0, 0x1.68155d44ca973p0,
    0x1.6a09e667f3bcdp0, 0x1.6c012750bdabfp0, 0x1.6dfb23c651a2fp0, 0x1.6ff7df9519484p0,
    0x1.71f75e8ec5f74p0, 0x1.73f9a48a58174p0, 0x1.75feb564267c9p0, 0x1.780694fde5d3fp0,
    0x1.7a11473eb0187p0, 0x1.7c1ed0130c132p0, 0x1.7e2f336cf4e62p0, 0x1.80427543e1a12p0,
    0x1.82589994cce13p0, 0x1.8471a4623c7adp0, 0x1.868d99b4492edp0, 0x1.88ac7d98a6699p0,
    0x1.8ace5422aa0dbp0, 0x1.8cf3216b5448cp0, 0x1.8f1ae99157736p0, 0x1.9145b0b91ffc6p0,
    0x1.93737b0cdc5e5p0, 0x1.95a44cbc8520fp0, 0x1.97d829fde4e5p0, 0x1.9a0f170ca07bap0,
    0x1.9c49182a3f09p0, 0x1.9e86319e32323p0, 0x1.a0c667b5de565p0, 0x1.a309bec4a2d33p0,
    0x1.a5503b23e255dp0, 0x1.a799e1330b358p0, 0x1.a9e6b5579fdbfp0, 0x1.ac36bbfd3f37ap0,
    0x1.ae89f995ad3adp0, 0x1.b0e07298db666p0, 0x1.b33a2b84f15fbp0, 0x1.b59728de5593ap0,
    0x1.b7f76f2fb5e47p0, 0x1.ba5b030a1064ap0, 0x1.bcc1e904bc1d2p0, 0x1.bf2c25bd71e09p0,
    0x1.c199bdd85529cp0, 0x1.c40ab5fffd07ap0, 0x1.c67f12e57d14bp0, 0x1.c8f6d9406e7b5p0,
    0x1.cb720dcef9069p0, 0x1.cdf0b555dc3fap0, 0x1.d072d4a07897cp0, 0x1.d2f87080d89f2p0,
    0x1.d5818dcfba487p0, 0x1.d80e316c98398p0, 0x1.da9e603db3285p0, 0x1.dd321f301b46p0,
    0x1.dfc97337b9b5fp0, 0x1.e264614f5a129p0, 0x1.e502ee78b3ff6p0, 0x1.e7a51fbc74c83p0,
    0x1.ea4afa2a490dap0, 0x1.ecf482d8e67f1p0, 0x1.efa1bee615a27p0, 0x1.f252b376bba97p0,
    0x1.f50765b6e454p0, 0x1.f7bfdad9cbe14p0, 0x1.fa7c1819e90d8p0, 0x1.fd3c22b8f71f1p0,
};
LG_TABLE double lg_exp_lo[128] = {
    0x0.0p0, 0x1.b61299ab8cdb7p-54, -0x1.19083535b085dp-56, -0x1.0a31c1977c96ep-54,
    0x1.d73e2a475b465p-55, -0x1.c91dfe2b13c27p-55, 0x1.186be4bb284ffp-57, 0x1.1487818316136p-54,
    0x1.8a62e4adc610bp-54, 0x1.01edc16e24f71p-54, 0x1.03a1727c57b53p-59, -0x1.b9bedc44ebd7bp-57,
    -0x1.6c51039449b3ap-54, -0x1.1b514b36ca5c7p-58, -0x1.32fbf9af1369ep-54, 0x1.2406ab9eeab0ap-55,
    -0x1.19041b9d78a76p-55, -0x1.11023d1970f6cp-54, 0x1.e5b4c7b4968e4p-55, -0x1.95386352ef607p-54,
    0x1.e016e00a2643cp-54, -0x1.1df98027bb78cp-54, 0x1.dc775814a8495p-55, 0x1.2a97e9494a5eep-55,
    0x1.9b07eb6c70573p-54, 0x1.ac155bef4f4a4p-55, 0x1.2bd339940e9d9p-55, -0x1.a4c3a8c3f0d7ep-54,
    0x1.612e8afad1255p-55, -0x1.10adcd6381aa4p-59, 0x1.0024754db41d5p-54, 0x1.1ca0f45d52383p-56,
    0x1.6f46ad23182e4p-55, 0x1.a9ce78e18047cp-55, 0x1.32721843659a6p-54, -0x1.b5cee5c4e4628p-55,
    -0x1.63aeabf42eae2p-54, -0x1.e958d3c9904bdp-54, -0x1.5e436d661f5e3p-56, -0x1.efff8375d29c3p-54,
    0x1.ada0911f09ebcp-55, -0x1.7d023f956f9f3p-54, -0x1.ef3691c309278p-58, -0x1.1c7dde35f7999p-55,
    0x1.89b7a04ef80dp-59, 0x1.c944bd1648a76p-54, 0x1.3c1a3b69062fp-56, 0x1.9cb62f3d1be56p-54,
    0x1.d4397afec42e2p-56, 0x1.8ecdbbc6a7833p-54, -0x1.4b309d25957e3p-54, -0x1.f768569bd93efp-55,
    -0x1.07abe1db13cadp-55, -0x1.d689cefede59bp-55, 0x1.9bb2c011d93adp-54, 0x1.295e15b9a1de8p-55,
    0x1.6324c054647adp-54, 0x1.c4b1b816986a2p-60, 0x1.ba6f93080e65ep-54, -0x1.3e2429b56de47p-54,
    -0x1.383c17e40b497p-54, -0x1.c483c759d8933p-55, -0x1.bb60987591c34p-54, 0x1.038ae44f73e65p-57,
    -0x1.bdd3413b26456p-54, -0x1.2895667ff0b0dp-56, -0x1.bbe3a683c88abp-57, -0x1.83c0f25860ef6p-55,
    -0x1.16e4786887a99p-55, -0x1.0a8d96c65d53cp-54, -0x1.0245957316dd3p-54, 0x1.866b80a02162dp-54,
    -0x1.41577ee04992fp-55, 0x1.f124cd1164dd6p-54, 0x1.05d02ba15797ep-56, -0x1.27c86626d972bp-54,
    -0x1.d4c1dd41532d8p-54, -0x1.8d684a341cdfbp-55, -0x1.fc6f89bd4f6bap-54, 0x1.994c2f37cb53ap-54,
    0x1.6e9f156864b27p-54, -0x1.0d55e32e9e3aap-56, 0x1.5cc13a2e3976cp-55, -0x1.dd6792e582524p-54,
    -0x1.75fc781b57ebcp-57, -0x1.64b7c96a5f039p-56, -0x1.d185b7c1b85d1p-54, -0x1.173bd91cee632p-54,
    0x1.c7c46b071f2bep-56, 0x1.824ca78e64c6ep-56, -0x1.359495d1cd533p-54, 0x1.6305c7ddc36abp-54,
    -0x1.d2f6edb8d41e1p-54, 0x1.bcb7ecac563c7p-54, 0x1.0fac90ef7fd31p-54, -0x1.f9234cae76cdp-55,
    0x1.7a1cd345dcc81p-54, -0x1.bdef54c80e425p-54, -0x1.2805e3084d708p-57, -0x1.c71dfbbba6de3p-54,
    -0x1.5584f7e54ac3bp-56, -0x1.efcd30e54292ep-54, 0x1.23dd07a2d9e84p-55, -0x1.efdca3f6b9c73p-54,
    0x1.11065895048ddp-55, 0x1.b4537e083c60ap-54, 0x1.2884dff483cadp-54, 0x1.1acbc48805c44p-56,
    0x1.503cbd1e949dbp-56, -0x1.dd83b53829d72p-55, -0x1.cbc3743797a9cp-54, -0x1.d487b719d8578p-54,
    0x1.2ed02d75b3707p-55, -0x1.11ec18beddfe8p-54, 0x1.c2300696db532p-54, 0x1.2da5778f018c3p-54,
    -0x1.1a5cd4f184b5cp-54, -0x1.7b627817a1496p-54, 0x1.39e8980a9cc8fp-55, 0x1.2d522ca0c8de2p-54,
    -0x1.e9c23179c2893p-54, -0x1.c93f3b411ad8cp-54, 0x1.dc7f486a4b6bp-54, 0x1.3a1a5bf0d8e43p-54,
    0x1.9d3e12dd8a18bp-54, -0x1.dbb12d006350ap-54, 0x1.74853f3a5931ep-55, 0x1.2eb74966579e7p-57,
};
LG_TABLE double lg_log_c_hi[92] = {
    -0x1.68ac83e9c7p-2, -0x1.5d5bddf596p-2, -0x1.522ae0738ap-2, -0x1.4718dc271cp-2,
    -0x1.3c25277333p-2, -0x1.314f1e1d36p-2, -0x1.269621134ep-2, -0x1.1bf99635a7p-2,
    -0x1.1178e8227ep-2, -0x1.07138604d6p-2, -0x1.f991c6cb3cp-3, -0x1.e530effe72p-3,
    -0x1.d1037f2656p-3, -0x1.bd087383bep-3, -0x1.a93ed3c8aep-3, -0x1.95a5adcf7p-3,
    -0x1.823c16551ap-3, -0x1.6f0128b756p-3, -0x1.5bf406b544p-3, -0x1.4913d8333cp-3,
    -0x1.365fcb015ap-3, -0x1.23d712a49cp-3, -0x1.1178e8227ep-3, -0x1.fe89139dbcp-4,
    -0x1.da72763844p-4, -0x1.b6ac88dad4p-4, -0x1.9335e5d594p-4, -0x1.700d30aeacp-4,
    -0x1.4d3115d208p-4, -0x1.2aa04a447p-4, -0x1.08598b59e4p-4, -0x1.ccb73cddd8p-5,
    -0x1.894aa149f8p-5, -0x1.466aed42ep-5, -0x1.0415d89e78p-5, -0x1.8492528c9p-6,
    -0x1.020565893p-6, -0x1.010157588p-7, 0x0.0p0, 0x1.fe02a6b1p-8,
    0x1.fc0a8b0fcp-7, 0x1.7b91b07d6p-6, 0x1.f829b0e78p-6, 0x1.39e87b9fe8p-5,
    0x1.77458f633p-5, 0x1.b42dd71198p-5, 0x1.f0a30c0118p-5, 0x1.16536eea38p-4,
    0x1.341d7961bcp-4, 0x1.51b073f06p-4, 0x1.6f0d28ae58p-4, 0x1.8c345d6318p-4,
    0x1.a926d3a4acp-4, 0x1.c5e548f5bcp-4, 0x1.e27076e2bp-4, 0x1.fec9131dcp-4,
    0x1.0d77e7cd08p-3, 0x1.1b72ad52f6p-3, 0x1.29552f82p-3, 0x1.371fc201e8p-3,
    0x1.44d2b6ccb8p-3, 0x1.526e5e3a1cp-3, 0x1.5ff3070a7ap-3, 0x1.6d60fe719ep-3,
    0x1.7ab890210ep-3, 0x1.87fa06520cp-3, 0x1.9525a9cf46p-3, 0x1.a23bc1fe2cp-3,
    0x1.af3c94e80cp-3, 0x1.bc286742d8p-3, 0x1.c8ff7c79aap-3, 0x1.d5c216b4fcp-3,
    0x1.e27076e2bp-3, 0x1.ef0adcbdc6p-3, 0x1.fb9186d5e4p-3, 0x1.0402594b4dp-2,
    0x1.0a324e2739p-2, 0x1.1058bf9ae5p-2, 0x1.1675cababap-2, 0x1.1c898c169ap-2,
    0x1.22941fbcf8p-2, 0x1.2895a13de8p-2, 0x1.2e8e2bae12p-2, 0x1.347dd9a988p-2,
    0x1.3a64c55694p-2, 0x1.404308686ap-2, 0x1.4618bc21c6p-2, 0x1.4be5f95778p-2,
    0x1.51aad872ep-2, 0x1.5767717456p-2, 0x1.5d1bdbf581p-2, 0x1.62c82f2b9cp-2,
};
LG_TABLE double lg_log_c_lo[92] = {
    0x1.7af966c548a3p-44, 0x1.a0b2a08a465dcp-47, -0x1.ebe708164c759p-45, -0x1.06c18fb4c14c5p-44,
    -0x1.83b54b606bd5cp-46, 0x1.8e27ad3213cb8p-45, 0x1.1b61f10522625p-44, 0x1.1ac89575c2125p-44,
    -0x1.1ef78ce2d07f2p-44, 0x1.e76324e912b17p-44, 0x1.90d04cd7cc834p-44, 0x1.fdbdbb13f7c18p-44,
    0x1.84a7e75b6f6e4p-47, 0x1.d4bc4595412b6p-45, 0x1.8724350562169p-45, -0x1.7f22858a0ff6fp-47,
    -0x1.e0ddb9a631e83p-46, -0x1.577390d31ef0fp-44, 0x1.27023eb68981cp-46, 0x1.53e43558124c4p-44,
    0x1.fd3a0afb9691bp-44, -0x1.00d238fd3df5cp-46, -0x1.1ef78ce2d07f2p-45, -0x1.56594d82f7a82p-44,
    -0x1.a89401fa71733p-46, -0x1.b1bdff50225c7p-44, -0x1.3115c3abd47dap-45, -0x1.c1e8da99ded32p-49,
    0x1.53a2582f4e1efp-48, -0x1.7a48ba8b1cb41p-44, 0x1.7e5dd7009902cp-46, -0x1.965c36e09f5fep-44,
    -0x1.9a19a8be97661p-44, 0x1.c167375bdfd28p-45, 0x1.dddc7f461c516p-44, 0x1.aa0ba325a0c34p-45,
    -0x1.611d27c8e8417p-44, -0x1.bce251998b506p-44, 0x0.0p0, 0x1.9e23f0dda40e4p-46,
    0x1.f1e7cf6d3a69cp-50, -0x1.3b955b602ace4p-44, 0x1.980267c7e09e4p-45, 0x1.eafd480ad9015p-44,
    -0x1.181dce586af09p-44, -0x1.c827ae5d6704cp-46, -0x1.d599e83368e91p-45, -0x1.47c5e768fa309p-46,
    0x1.1d0929983761p-44, 0x1.83f69278e686ap-44, -0x1.4b4641b664613p-44, 0x1.b20f5acb42a66p-44,
    0x1.563650bd22a9cp-44, 0x1.d0c57585fbe06p-46, -0x1.a342c2af0003cp-45, -0x1.54555d1ae6607p-44,
    0x1.cb2cd2ee2f482p-44, 0x1.e80a41811a396p-45, -0x1.5b967f4471dfcp-44, 0x1.ee8779b2d8abcp-44,
    -0x1.70cc16135783cp-46, -0x1.790ba37fc5238p-44, -0x1.8586f183bebf2p-44, -0x1.bc6e557134767p-44,
    -0x1.bdb9072534a58p-45, 0x1.22120401202fcp-44, -0x1.297137d9f158fp-44, -0x1.539cd91dc9f0bp-44,
    -0x1.a4e633fcd9066p-52, 0x1.9ac53f39d121cp-44, -0x1.7794f689f8434p-45, -0x1.1ba91bbca681bp-45,
    -0x1.a342c2af0003cp-44, -0x1.b26b79c86af24p-45, -0x1.d572aab993c87p-47, 0x1.036b89ef42d7fp-48,
    0x1.c6bee7ef4030ep-47, -0x1.4ab9d817d52cdp-44, 0x1.8380e731f55c4p-44, -0x1.81410e5c62affp-44,
    -0x1.a6976f5eb0963p-44, 0x1.a8d7ad24c13fp-44, -0x1.67b1e99b72bd8p-45, -0x1.5594dd4c58092p-45,
    0x1.7a71cbcd735dp-44, 0x1.f8ef43049f7d3p-44, -0x1.3d82f484c84ccp-46, -0x1.d7c92cd9ad824p-44,
    -0x1.f4bd8db0a7cc1p-44, -0x1.64ead9524d7cap-44, -0x1.8d6bdc9c7c238p-44, 0x1.e54bdbd7c8a98p-44,
};
LG_TABLE double lg_log_inv_c[92] = {
    0x1.6c16c16c16c17p0, 0x1.6816816816817p0, 0x1.642c8590b2164p0, 0x1.6058160581606p0,
    0x1.5c9882b931057p0, 0x1.58ed2308158edp0, 0x1.5555555555555p0, 0x1.51d07eae2f815p0,
    0x1.4e5e0a72f0539p0, 0x1.4afd6a052bf5bp0, 0x1.47ae147ae147bp0, 0x1.446f86562d9fbp0,
    0x1.4141414141414p0, 0x1.3e22cbce4a902p0, 0x1.3b13b13b13b14p0, 0x1.3813813813814p0,
    0x1.3521cfb2b78c1p0, 0x1.323e34a2b10bfp0, 0x1.2f684bda12f68p0, 0x1.2c9fb4d812cap0,
    0x1.29e4129e4129ep0, 0x1.27350b8812735p0, 0x1.2492492492492p0, 0x1.21fb78121fb78p0,
    0x1.1f7047dc11f7p0, 0x1.1cf06ada2811dp0, 0x1.1a7b9611a7b96p0, 0x1.1811811811812p0,
    0x1.15b1e5f75270dp0, 0x1.135c81135c811p0, 0x1.1111111111111p0, 0x1.0ecf56be69c9p0,
    0x1.0c9714fbcda3bp0, 0x1.0a6810a6810a7p0, 0x1.0842108421084p0, 0x1.0624dd2f1a9fcp0,
    0x1.041041041041p0, 0x1.0204081020408p0, 0x1.0p0, 0x1.fc07f01fc07fp-1,
    0x1.f81f81f81f82p-1, 0x1.f44659e4a4271p-1, 0x1.f07c1f07c1f08p-1, 0x1.ecc07b301eccp-1,
    0x1.e9131abf0b767p-1, 0x1.e573ac901e574p-1, 0x1.e1e1e1e1e1e1ep-1, 0x1.de5d6e3f8868ap-1,
    0x1.dae6076b981dbp-1, 0x1.d77b654b82c34p-1, 0x1.d41d41d41d41dp-1, 0x1.d0cb58f6ec074p-1,
    0x1.cd85689039b0bp-1, 0x1.ca4b3055ee191p-1, 0x1.c71c71c71c71cp-1, 0x1.c3f8f01c3f8fp-1,
    0x1.c0e070381c0ep-1, 0x1.bdd2b899406f7p-1, 0x1.bacf914c1badp-1, 0x1.b7d6c3dda338bp-1,
    0x1.b4e81b4e81b4fp-1, 0x1.b2036406c80d9p-1, 0x1.af286bca1af28p-1, 0x1.ac5701ac5701bp-1,
    0x1.a98ef606a63bep-1, 0x1.a6d01a6d01a6dp-1, 0x1.a41a41a41a41ap-1, 0x1.a16d3f97a4b02p-1,
    0x1.9ec8e951033d9p-1, 0x1.9c2d14ee4a102p-1, 0x1.999999999999ap-1, 0x1.970e4f80cb872p-1,
    0x1.948b0fcd6e9ep-1, 0x1.920fb49d0e229p-1, 0x1.8f9c18f9c18fap-1, 0x1.8d3018d3018d3p-1,
    0x1.8acb90f6bf3aap-1, 0x1.886e5f0abb04ap-1, 0x1.8618618618618p-1, 0x1.83c977ab2beddp-1,
    0x1.8181818181818p-1, 0x1.7f405fd017f4p-1, 0x1.7d05f417d05f4p-1, 0x1.7ad2208e0ecc3p-1,
    0x1.78a4c8178a4c8p-1, 0x1.767dce434a9b1p-1, 0x1.745d1745d1746p-1, 0x1.724287f46debcp-1,
    0x1.702e05c0b817p-1, 0x1.6e1f76b4337c7p-1, 0x1.6c16c16c16c17p-1, 0x1.6a13cd153729p-1,
};

LG_FN double lg_double_of(long long bits) {
    union {
        long long l;
        double d;
    } u;
    u.l = bits;
    return u.d;
}

LG_FN long long lg_bits_of(double x) {
    union {
        double d;
        long long l;
    } u;
    u.d = x;
    return u.l;
}

/* 2^e for a normal result, -1022 <= e <= 1023 */
LG_FN double lg_pow2(long long e) {
    return lg_double_of((long long) ((unsigned long long) (e + 1023) << 52));
}

#define LG_SHIFT 0x1.8p52
#define LG_INV_LN2_128 0x1.71547652b82fep+7
#define LG_LN2_128_HI 0x1.62e42ff000000p-8
#define LG_LN2_128_LO (-0x1.718432a1b0e26p-42)
#define LG_LN2_HI 0x1.62e42fefa3800p-1
#define LG_LN2_LO 0x1.ef35793c76730p-45
#define LG_SQRT2_MANTISSA 0x6a09e667f3bcdLL

/* e^r - 1 for |r| <= ln 2 / 256, by its Taylor series to r^5 */
LG_FN double lg_exp_poly(double r) {
    return r + r * r * (0.5 + r * (0x1.5555555555555p-3 + r * (0x1.5555555555555p-5 + r * 0x1.1111111111111p-7)));
}

/* Transcendental.exp */
LG_FN double lg_exp(double x) {
    if (!(fabs(x) < 700)) {
        if (x != x) {
            return x;
        } else if (x >= 710) {
            return lg_double_of(0x7ff0000000000000LL);
        } else if (x <= -746) {
            return 0.0;
        }
    }
    double kd = (x * LG_INV_LN2_128 + LG_SHIFT) - LG_SHIFT;
    long long k = (long long) kd;
    double r = (x - kd * LG_LN2_128_HI) - kd * LG_LN2_128_LO;
    double p = lg_exp_poly(r);
    int j = (int) (k & 127);
    double t = lg_exp_hi[j];
    double y = t + (lg_exp_lo[j] + t * p);
    long long e = k >> 7;
    if (e > 1000) {
        return y * lg_pow2(e - 1) * 2.0;
    } else if (e < -1000) {
        return y * lg_pow2(e + 64) * 0x1p-64;
    }
    return y * lg_pow2(e);
}

/* Transcendental.expm1Below2: e^y - 1 for 0 <= y < 2 */
LG_FN double lg_expm1_below2(double y) {
    double kd = (y * LG_INV_LN2_128 + LG_SHIFT) - LG_SHIFT;
    long long k = (long long) kd;
    double r = (y - kd * LG_LN2_128_HI) - kd * LG_LN2_128_LO;
    double p = lg_exp_poly(r);
    if (k == 0) {
        return p;
    }
    int j = (int) (k & 127);
    double scale = lg_pow2(k >> 7);
    double th = lg_exp_hi[j];
    double tl = lg_exp_lo[j];
    return (scale * th - 1) + scale * (tl + (th * p + tl * p));
}

/* Transcendental.tanh */
LG_FN double lg_tanh(double x) {
    double a = fabs(x);
    double t;
    if (a >= 1) {
        if (!(a < 22)) {
            return x != x ? x : copysign(1.0, x);
        }
        t = 1 - 2 / (lg_exp(2 * a) + 1);
    } else if (a >= 0x1p-4) {
        double e = lg_expm1_below2(2 * a);
        t = e / (e + 2);
    } else if (a >= 0x1p-28) {
        double a2 = a * a;
        t = a + a * a2 * (-0x1.5555555555555p-2 + a2 * (0x1.1111111111111p-3 + a2 * (-0x1.ba1ba1ba1ba1cp-5
                + a2 * (0x1.664f4882c10fap-6 + a2 * (-0x1.226e355e6c23dp-7 + a2 * (0x1.d6d3d0e157de0p-9 + a2 * -0x1.7da36452b75e3p-10))))));
    } else {
        return x;
    }
    return copysign(t, x);
}

#define LG_PIO2_HI 0x1.921fb54442d18p+0
#define LG_PIO2_LO 0x1.1a62633145c07p-54
#define LG_PIO2_HH 0x1.921fb58000000p+0
#define LG_PIO2_HL (-0x1.dde9740000000p-27)
#define LG_C2_HI (-0x1.3bd3cc9be45dep+0)
#define LG_C2_LO (-0x1.692b71366cc04p-54)
#define LG_C2_HH (-0x1.3bd3cc8000000p+0)
#define LG_C2_HL (-0x1.be45de0000000p-28)
#define LG_SPLIT 0x1.0000002p27

/* Transcendental.upper: the upper half of x's significand (Veltkamp's split) */
LG_FN double lg_upper(double x) {
    double h = x * LG_SPLIT;
    return h - (h - x);
}

/* Transcendental.productError: (ah + al)(hh + hl) - p exactly, p that product rounded (Dekker's product) */
LG_FN double lg_product_error(double ah, double al, double p, double hh, double hl) {
    return ((ah * hh - p) + ah * hl + al * hh) + al * hl;
}

/* Transcendental.cos2pi: cos(2 pi u) for u in [0, 1) (the normal distribution's angle) */
LG_FN double lg_cos2pi(double u) {
    double t = 4 * u;
    int q = (int) (t + 0.5);
    double r = t - q;
    double r2 = r * r;
    double rh = lg_upper(r);
    double rl = r - rh;
    if ((q & 1) == 0) {
        double r2e = ((rh * rh - r2) + 2 * rh * rl) + rl * rl;
        double ah = lg_upper(r2);
        double p = r2 * LG_C2_HI;
        double e = lg_product_error(ah, r2 - ah, p, LG_C2_HH, LG_C2_HL);
        double w = 1 + p;
        double tail = ((1 - w) + p) + (e + (LG_C2_HI * r2e + LG_C2_LO * r2) + r2 * r2 * (0x1.03c1f081b5ac4p-2 + r2 * (-0x1.55d3c7e3cbffap-6
                + r2 * (0x1.e1f506891babbp-11 + r2 * (-0x1.a6d1f2a204a8cp-16 + r2 * (0x1.f9d38a3763cc3p-22 + r2 * (-0x1.b6e24f44b128fp-28
                + r2 * (0x1.20c62c2f2d7f5p-34 + r2 * -0x1.2a0c591af8314p-41))))))));
        double c = w + tail;
        return (q & 2) == 0 ? c : -c;
    }
    double p = r * LG_PIO2_HI;
    double e = lg_product_error(rh, rl, p, LG_PIO2_HH, LG_PIO2_HL);
    double s = p + (e + r * LG_PIO2_LO + r * r2 * (-0x1.4abbce625be53p-1 + r2 * (0x1.466bc6775aae2p-4 + r2 * (-0x1.32d2cce62bd86p-8
            + r2 * (0x1.50783487ee782p-13 + r2 * (-0x1.e3074fde8871fp-19 + r2 * (0x1.e8f434d018d63p-25 + r2 * (-0x1.6fadb9f155744p-31
            + r2 * (0x1.aaec32af93359p-38 + r2 * -0x1.8a404211f9547p-45)))))))));
    return (q & 2) == 0 ? -s : s;
}

/* Transcendental.log */
LG_FN double lg_log(double x) {
    long long bits = lg_bits_of(x);
    int scale = 0;
    if (bits < 0x0010000000000000LL || bits >= 0x7ff0000000000000LL) {
        if (x != x || bits == 0x7ff0000000000000LL) {
            return x;
        } else if (x == 0) {
            return lg_double_of((long long) 0xfff0000000000000ULL);
        } else if (x < 0) {
            return lg_double_of(0x7ff8000000000000LL); /* Java's Double.NaN */
        }
        bits = lg_bits_of(x * 0x1p54);
        scale = -54;
    }
    double f = x - 1;
    if (fabs(f) < 0x1p-5) {
        return f + f * f * (-0.5 + f * (0x1.5555555555555p-2 + f * (-0.25 + f * (0x1.999999999999ap-3 + f * (-0x1.5555555555555p-3
                + f * (0x1.2492492492492p-3 + f * (-0.125 + f * (0x1.c71c71c71c71cp-4 + f * (-0x1.999999999999ap-4
                + f * (0x1.745d1745d1746p-4 + f * (-0x1.5555555555555p-4 + f * 0x1.3b13b13b13b14p-4)))))))))));
    }
    int e = (int) ((unsigned long long) bits >> 52) - 1023 + scale;
    long long mantissa = bits & 0x000fffffffffffffLL;
    long long exponent = 0x3ff0000000000000LL;
    if (mantissa > LG_SQRT2_MANTISSA) {
        exponent = 0x3fe0000000000000LL;
        e++;
    }
    double m = lg_double_of(mantissa | exponent);
    int j = (int) (m * 128 + 0.5);
    double d = m - j * 0x1p-7;
    double r = d * lg_log_inv_c[j - 90];
    double p = r + r * r * (-0.5 + r * (0x1.5555555555555p-2 + r * (-0.25 + r * (0x1.999999999999ap-3 + r * (-0x1.5555555555555p-3
            + r * (0x1.2492492492492p-3 + r * -0.125))))));
    double hi = e * LG_LN2_HI + lg_log_c_hi[j - 90];
    double lo = e * LG_LN2_LO + lg_log_c_lo[j - 90];
    return hi + (lo + p);
}

#endif
